import { TenantCommand } from './commands';
import { InvalidState, TenantNotFound, UnknownStep } from './errors';
import {
  ADMIN,
  ALL_STATUSES,
  CREATE_OP,
  DELETE_OP,
  OPERATION_OF,
  UPDATE_OP,
  cancellationRequested,
  cancelled,
  completeOperation,
  completeStep,
  confirmCancellation,
  deleted,
  deletionFailed,
  deletionRequested,
  failOperation,
  given,
  histories,
  provisioned,
  provisioningFailed,
  provisioningStarted,
  retryRequested,
  startOperation,
  stateAfter,
  stepCompleted,
  updateFailed,
  updateRequested,
  updated,
} from './__tests__/decider-spec';

const NOW_MINUS = '2025-03-01T09:59:00.000Z';
const startedUpdate = (id: string, changes: { name?: string; isActive?: boolean } = { name: 'Renamed' }) => [
  ...histories.ACTIVE(id),
  updateRequested(id, { changes }),
  provisioningStarted(id, { operationId: UPDATE_OP, kind: 'UPDATE' }),
];
const startedDeletion = (id: string, from: 'ACTIVE' | 'FAILED' | 'CANCELLED' = 'ACTIVE') => [
  ...histories[from](id),
  deletionRequested(id),
  provisioningStarted(id, { operationId: DELETE_OP, kind: 'DELETE' }),
];
const retried = (id: string) => [...histories.FAILED(id), retryRequested(id, { attempt: 2 })];

describe('StartOperation', () => {
  it('starts a PENDING creation: TenantProvisioningStarted for the operation, on behalf of who requested it', () =>
    given(histories.PENDING('acme'))
      .when(startOperation('acme', { attempt: 1 }))
      .then([provisioningStarted('acme', { kind: 'CREATE', attempt: 1, requestedBy: ADMIN })]));

  it('is idempotent per attempt: nothing when that attempt already started', () =>
    given(histories.PROVISIONING('acme'))
      .when(startOperation('acme', { attempt: 1 }))
      .thenNothing());

  it('is idempotent for an attempt that already finished', () =>
    given(histories.ACTIVE('acme'))
      .when(startOperation('acme', { attempt: 1 }))
      .thenNothing());

  it('starts the next attempt after a retry', () =>
    given(retried('acme'))
      .when(startOperation('acme', { attempt: 2 }))
      .then([provisioningStarted('acme', { attempt: 2 })]));

  it('refuses a stale attempt after a retry', () =>
    given(retried('acme'))
      .when(startOperation('acme', { attempt: 1 }))
      .thenThrows(InvalidState, 'Cannot start a tenant that is PENDING'));

  it('starts a redelivered job again with its new attempt while it runs', () =>
    given(histories.PROVISIONING('acme'))
      .when(startOperation('acme', { attempt: 2 }))
      .then([provisioningStarted('acme', { attempt: 2 })]));

  it('starts an update', () =>
    given([...histories.ACTIVE('acme'), updateRequested('acme')])
      .when(startOperation('acme', { operationId: UPDATE_OP }))
      .then([provisioningStarted('acme', { operationId: UPDATE_OP, kind: 'UPDATE' })]));

  it('starts a deletion', () =>
    given(histories.DELETING('acme'))
      .when(startOperation('acme', { operationId: DELETE_OP }))
      .then([provisioningStarted('acme', { operationId: DELETE_OP, kind: 'DELETE' })]));

  it('refuses to start a cancelled job', () =>
    given([...histories.PENDING('acme'), cancellationRequested('acme')])
      .when(startOperation('acme'))
      .thenThrows(InvalidState, 'Cannot start a tenant that is CANCELLING'));

  it('refuses to start a failed creation without a retry', () =>
    given(histories.FAILED('acme'))
      .when(startOperation('acme', { attempt: 2 }))
      .thenThrows(InvalidState));
});

describe('CompleteStep', () => {
  it('records a step of the running attempt', () =>
    given(histories.PROVISIONING('acme'))
      .when(completeStep('acme', 'CREATING_DATABASE', { startedAt: NOW_MINUS }))
      .then([stepCompleted('acme', 'CREATING_DATABASE', { attempt: 1, startedAt: NOW_MINUS })]));

  it('is idempotent per step', () =>
    given([...histories.PROVISIONING('acme'), stepCompleted('acme', 'CREATING_DATABASE')])
      .when(completeStep('acme', 'CREATING_DATABASE'))
      .thenNothing());

  it('is idempotent for a step done in an earlier attempt', () =>
    given([
      ...histories.PROVISIONING('acme'),
      stepCompleted('acme', 'CREATING_DATABASE'),
      provisioningFailed('acme'),
      retryRequested('acme'),
      provisioningStarted('acme', { attempt: 2 }),
    ])
      .when(completeStep('acme', 'CREATING_DATABASE'))
      .thenNothing());

  it('records a new step with the current attempt after a retry', () =>
    given([...retried('acme'), provisioningStarted('acme', { attempt: 2 })])
      .when(completeStep('acme', 'RUNNING_MIGRATIONS'))
      .then([stepCompleted('acme', 'RUNNING_MIGRATIONS', { attempt: 2 })]));

  it('records the step of an update', () =>
    given(startedUpdate('acme'))
      .when(completeStep('acme', 'APPLYING_UPDATE', { operationId: UPDATE_OP }))
      .then([stepCompleted('acme', 'APPLYING_UPDATE', { operationId: UPDATE_OP })]));

  it.each([
    ['PENDING (not started)', histories.PENDING('acme')],
    ['PENDING after a retry', retried('acme')],
    ['CANCELLING', histories.CANCELLING('acme')],
    ['CANCELLED', histories.CANCELLED('acme')],
    ['FAILED', histories.FAILED('acme')],
    ['ACTIVE', histories.ACTIVE('acme')],
  ])('is refused when the job is not running: %s', (_, events) =>
    given(events).when(completeStep('acme', 'CREATING_DATABASE')).thenThrows(InvalidState, 'INVALID_STATE'),
  );

  it('is refused for an update that has not started', () =>
    given([...histories.ACTIVE('acme'), updateRequested('acme')])
      .when(completeStep('acme', 'APPLYING_UPDATE', { operationId: UPDATE_OP }))
      .thenThrows(InvalidState, 'Cannot complete a step of a tenant that is UPDATING'));
});

describe('CompleteOperation', () => {
  it('completes a creation: TenantProvisioned', () =>
    given(histories.PROVISIONING('acme'))
      .when(completeOperation('acme'))
      .then([provisioned('acme', { attempt: 1 })]));

  it('completes a retried creation with its attempt', () =>
    given([...retried('acme'), provisioningStarted('acme', { attempt: 2 })])
      .when(completeOperation('acme'))
      .then([provisioned('acme', { attempt: 2 })]));

  it('completes an update with the new name, keeping isActive', () =>
    given(startedUpdate('acme', { name: 'Acme Inc' }))
      .when(completeOperation('acme', { operationId: UPDATE_OP }))
      .then([updated('acme', { name: 'Acme Inc', isActive: true })]));

  it('completes an update with the new isActive, keeping the name', () =>
    given(startedUpdate('acme', { isActive: false }))
      .when(completeOperation('acme', { operationId: UPDATE_OP }))
      .then([updated('acme', { name: 'Tenant acme', isActive: false })]));

  it('completes a deletion: TenantDeleted', () =>
    given(startedDeletion('acme'))
      .when(completeOperation('acme', { operationId: DELETE_OP }))
      .then([deleted('acme')]));

  it('is idempotent once a creation finished', () =>
    given(histories.ACTIVE('acme')).when(completeOperation('acme')).thenNothing());

  it('is idempotent once an update finished', () =>
    given([...startedUpdate('acme'), updated('acme')])
      .when(completeOperation('acme', { operationId: UPDATE_OP }))
      .thenNothing());

  it('is idempotent once a deletion finished', () =>
    given(histories.DELETED('acme'))
      .when(completeOperation('acme', { operationId: DELETE_OP }))
      .thenNothing());

  it.each([
    ['PENDING', histories.PENDING('acme'), CREATE_OP],
    ['FAILED', histories.FAILED('acme'), CREATE_OP],
    ['CANCELLING', histories.CANCELLING('acme'), CREATE_OP],
    ['CANCELLED', histories.CANCELLED('acme'), CREATE_OP],
    ['UPDATING, not started', histories.UPDATING('acme'), UPDATE_OP],
    ['DELETING, not started', histories.DELETING('acme'), DELETE_OP],
  ])('is refused when %s', (_, events, operationId) =>
    given(events).when(completeOperation('acme', { operationId })).thenThrows(InvalidState, 'INVALID_STATE'),
  );
});

describe('CompleteOperation recording the steps done since the last append', () => {
  const steps = [
    { step: 'CREATING_DATABASE', startedAt: NOW_MINUS, finishedAt: NOW_MINUS },
    { step: 'RUNNING_MIGRATIONS', startedAt: NOW_MINUS, finishedAt: NOW_MINUS },
  ] as const;

  it('completes a creation with one event: TenantProvisioned carrying the steps', () =>
    given(histories.PROVISIONING('acme'))
      .when(completeOperation('acme', { steps: [...steps] }))
      .then([provisioned('acme', { attempt: 1, steps: [...steps] })]));

  it('leaves out a step already on record', () =>
    given([...histories.PROVISIONING('acme'), stepCompleted('acme', 'CREATING_DATABASE')])
      .when(completeOperation('acme', { steps: [...steps] }))
      .then([provisioned('acme', { attempt: 1, steps: [steps[1]] })]));

  it('folds the steps into the completed steps', () =>
    expect(stateAfter([...histories.PROVISIONING('acme'), provisioned('acme', { steps: [...steps] })])).toMatchObject({
      status: 'ACTIVE',
      operation: { completedSteps: ['CREATING_DATABASE', 'RUNNING_MIGRATIONS'] },
    }));

  it('is refused for a step that is not one of a creation', () =>
    given(histories.PROVISIONING('acme'))
      .when(
        completeOperation('acme', {
          steps: [{ step: 'APPLYING_UPDATE', startedAt: NOW_MINUS, finishedAt: NOW_MINUS }],
        }),
      )
      .thenThrows(UnknownStep, 'INVALID_STATE'));

  it('is idempotent once the creation finished', () =>
    given(histories.ACTIVE('acme'))
      .when(completeOperation('acme', { steps: [...steps] }))
      .thenNothing());
});

describe('CompleteOperation of an update that ran in one go', () => {
  const STARTED_AT = '2025-03-01T09:59:30.000Z';
  const oneGo = (attempt = 1) => ({ operationId: UPDATE_OP, ranInOneGo: { attempt, startedAt: STARTED_AT } });
  const queuedUpdate = (id: string) => [
    ...histories.ACTIVE(id),
    updateRequested(id, { changes: { name: 'Acme Inc' } }),
  ];

  it('completes a queued update with one event: TenantUpdated carrying the attempt and the start', () =>
    given(queuedUpdate('acme'))
      .when(completeOperation('acme', oneGo()))
      .then([
        updated('acme', { name: 'Acme Inc', isActive: true, ranInOneGo: { attempt: 1, startedAt: STARTED_AT } }),
      ]));

  it('folds into the state a start and a step would have left', () => {
    const state = stateAfter([
      ...queuedUpdate('acme'),
      updated('acme', { name: 'Acme Inc', ranInOneGo: { attempt: 1, startedAt: STARTED_AT } }),
    ]);
    expect(state).toMatchObject({
      status: 'ACTIVE',
      name: 'Acme Inc',
      operation: { status: 'SUCCEEDED', attempt: 1, startedAttempt: 1, completedSteps: ['APPLYING_UPDATE'] },
    });
  });

  it('is idempotent once the update finished', () =>
    given([
      ...queuedUpdate('acme'),
      updated('acme', { name: 'Acme Inc', ranInOneGo: { attempt: 1, startedAt: STARTED_AT } }),
    ])
      .when(completeOperation('acme', oneGo()))
      .thenNothing());

  const ranInOneGo = { attempt: 1, startedAt: STARTED_AT };
  it.each([
    ['an update whose start is on record', startedUpdate('acme'), UPDATE_OP],
    ['a creation', histories.PENDING('acme'), CREATE_OP],
    ['a deletion', histories.DELETING('acme'), DELETE_OP],
  ])('is refused for %s', (_, events, operationId) =>
    given(events)
      .when(completeOperation('acme', { operationId, ranInOneGo }))
      .thenThrows(InvalidState, 'INVALID_STATE'),
  );
});

describe('FailOperation', () => {
  it('fails a creation: TenantProvisioningFailed with the attempt and the error', () =>
    given(histories.PROVISIONING('acme'))
      .when(failOperation('acme', 'schema exists'))
      .then([provisioningFailed('acme', { attempt: 1, error: 'schema exists' })]));

  it('fails an update: TenantUpdateFailed', () =>
    given(startedUpdate('acme'))
      .when(failOperation('acme', 'no', { operationId: UPDATE_OP }))
      .then([updateFailed('acme', { error: 'no' })]));

  it.each(['ACTIVE', 'FAILED', 'CANCELLED'] as const)(
    'fails a deletion of a tenant that was %s: TenantDeletionFailed',
    (from) =>
      given(startedDeletion('acme', from))
        .when(failOperation('acme', 'drop failed', { operationId: DELETE_OP }))
        .then([deletionFailed('acme', { error: 'drop failed' })]),
  );

  it('is idempotent once a creation failed', () =>
    given(histories.FAILED('acme')).when(failOperation('acme', 'again')).thenNothing());

  it('is idempotent once an update failed', () =>
    given([...startedUpdate('acme'), updateFailed('acme')])
      .when(failOperation('acme', 'again', { operationId: UPDATE_OP }))
      .thenNothing());

  it.each(['ACTIVE', 'FAILED', 'CANCELLED'] as const)('is idempotent once a deletion of a %s tenant failed', (from) =>
    given([...startedDeletion('acme', from), deletionFailed('acme')])
      .when(failOperation('acme', 'again', { operationId: DELETE_OP }))
      .thenNothing(),
  );

  it.each([
    ['PENDING', histories.PENDING('acme'), CREATE_OP],
    ['CANCELLING', histories.CANCELLING('acme'), CREATE_OP],
    ['CANCELLED', histories.CANCELLED('acme'), CREATE_OP],
    ['UPDATING, not started', histories.UPDATING('acme'), UPDATE_OP],
    ['DELETING, not started', histories.DELETING('acme'), DELETE_OP],
    ['DELETED', histories.DELETED('acme'), DELETE_OP],
  ])('is refused when %s', (_, events, operationId) =>
    given(events)
      .when(failOperation('acme', 'x', { operationId }))
      .thenThrows(InvalidState, 'INVALID_STATE'),
  );
});

describe('ConfirmCancellation', () => {
  it('cancels a CANCELLING tenant, on behalf of who cancelled', () =>
    given([...histories.PROVISIONING('acme'), cancellationRequested('acme', { requestedBy: 'user-other' })])
      .when(confirmCancellation('acme'))
      .then([cancelled('acme', { requestedBy: 'user-other' })]));

  it('is idempotent once CANCELLED', () =>
    given(histories.CANCELLED('acme')).when(confirmCancellation('acme')).thenNothing());

  it.each(['PENDING', 'PROVISIONING', 'ACTIVE', 'FAILED'] as const)('is refused when %s', (status) =>
    given(histories[status]('acme'))
      .when(confirmCancellation('acme'))
      .thenThrows(InvalidState, `Cannot confirm the cancellation of a tenant that is ${status}`),
  );

  it.each(['UPDATING', 'DELETING', 'DELETED'] as const)('is refused for the %s job', (status) =>
    given(histories[status]('acme'))
      .when(confirmCancellation('acme', { operationId: OPERATION_OF[status].operationId }))
      .thenThrows(InvalidState),
  );
});

describe('a worker report on an operation that is not the current one', () => {
  const reports: [string, (operationId: string) => TenantCommand][] = [
    ['StartOperation', (operationId) => startOperation('acme', { operationId })],
    ['CompleteStep', (operationId) => completeStep('acme', 'CREATING_DATABASE', { operationId })],
    ['CompleteOperation', (operationId) => completeOperation('acme', { operationId })],
    ['FailOperation', (operationId) => failOperation('acme', 'x', { operationId })],
    ['ConfirmCancellation', (operationId) => confirmCancellation('acme', { operationId })],
  ];
  const cases = reports.flatMap(([name, report]) => ALL_STATUSES.map((status) => [name, status, report] as const));

  it.each(cases)('%s is refused with a stale operation id when %s', (_, status, report) =>
    given(histories[status]('acme')).when(report('op-stale')).thenThrows(InvalidState, 'INVALID_STATE'),
  );

  it.each(reports)('%s about the finished creation is refused once an update runs', (_, report) =>
    given(startedUpdate('acme')).when(report(CREATE_OP)).thenThrows(InvalidState),
  );

  it.each(reports)('%s about an absent tenant → TenantNotFound', (_, report) =>
    given([]).when(report(CREATE_OP)).thenThrows(TenantNotFound, 'NOT_FOUND'),
  );
});
