import { evolve, replay } from './evolve';
import { TenantEvent } from './events';
import { initialState, nextStep } from './state';
import {
  ADMIN,
  CREATE_OP,
  DELETE_OP,
  LATER,
  NOW,
  PASSWORD_HASH,
  UPDATE_OP,
  cancellationRequested,
  cancelled,
  deletionFailed,
  deletionRequested,
  existingAfter,
  histories,
  provisioned,
  provisioningFailed,
  provisioningStarted,
  retryRequested,
  stateAfter,
  stepCompleted,
  tenantRequested,
  updateFailed,
  updateRequested,
  updated,
} from './__tests__/decider-spec';
import { STEPS_OF } from './lifecycle';

const T2 = '2025-03-01T11:00:00.000Z';

describe('evolve: creation', () => {
  it('TenantRequested makes a PENDING tenant with its first CREATE operation queued, version 0', () =>
    expect(stateAfter([tenantRequested('acme')])).toEqual({
      status: 'PENDING',
      tenantId: 'acme',
      name: 'Tenant acme',
      isActive: true,
      adminEmail: 'admin@acme.test',
      adminPasswordHash: PASSWORD_HASH,
      database: { mode: 'SHARED', name: 'tenant_acme', host: null },
      priority: 'NORMAL',
      createdAt: NOW,
      updatedAt: NOW,
      provisioningError: null,
      lastProvisioningAttempt: null,
      operation: {
        operationId: CREATE_OP,
        kind: 'CREATE',
        status: 'QUEUED',
        requestedBy: ADMIN,
        attempt: 1,
        startedAttempt: null,
        completedSteps: [],
      },
      customSteps: [],
      completedCustomSteps: [],
      statusBeforeOperation: null,
      version: 0,
    }));

  it('TenantProvisioningStarted (CREATE) → PROVISIONING, records the attempt and when it started', () =>
    expect(existingAfter([tenantRequested('acme'), provisioningStarted('acme', { occurredAt: LATER })])).toMatchObject({
      status: 'PROVISIONING',
      lastProvisioningAttempt: LATER,
      updatedAt: LATER,
      createdAt: NOW,
      operation: { attempt: 1, startedAttempt: 1 },
      version: 1,
    }));

  it('TenantProvisioningStepCompleted appends the step, in order', () =>
    expect(
      existingAfter([
        ...histories.PROVISIONING('acme'),
        stepCompleted('acme', 'CREATING_DATABASE'),
        stepCompleted('acme', 'RUNNING_MIGRATIONS'),
      ]).operation?.completedSteps,
    ).toEqual(['CREATING_DATABASE', 'RUNNING_MIGRATIONS']));

  it('TenantProvisioned → ACTIVE, no error, its job SUCCEEDED', () =>
    expect(existingAfter(histories.ACTIVE('acme'))).toMatchObject({
      status: 'ACTIVE',
      isActive: true,
      provisioningError: null,
      version: 2,
      operation: { status: 'SUCCEEDED' },
    }));

  it('TenantProvisioningFailed → FAILED with the error, and so is its job', () =>
    expect(
      existingAfter([...histories.PROVISIONING('acme'), provisioningFailed('acme', { error: 'boom' })]),
    ).toMatchObject({ status: 'FAILED', provisioningError: 'boom', operation: { status: 'FAILED' } }));
});

describe('evolve: retry', () => {
  const failedAfterTwoSteps = [
    ...histories.PROVISIONING('acme'),
    stepCompleted('acme', 'CREATING_DATABASE'),
    stepCompleted('acme', 'RUNNING_MIGRATIONS'),
    provisioningFailed('acme'),
  ];

  it('TenantRetryRequested → PENDING again: error cleared, next attempt queued, same operation, by who retried', () =>
    expect(
      existingAfter([...failedAfterTwoSteps, retryRequested('acme', { attempt: 2, requestedBy: 'user-retry' })]),
    ).toMatchObject({
      status: 'PENDING',
      provisioningError: null,
      operation: {
        operationId: CREATE_OP,
        kind: 'CREATE',
        status: 'QUEUED',
        attempt: 2,
        startedAttempt: null,
        requestedBy: 'user-retry',
      },
    }));

  it('carries completed steps across the retry, so the next attempt resumes after them', () => {
    const state = existingAfter([
      ...failedAfterTwoSteps,
      retryRequested('acme'),
      provisioningStarted('acme', { attempt: 2, occurredAt: T2 }),
    ]);
    expect(state).toMatchObject({
      status: 'PROVISIONING',
      lastProvisioningAttempt: T2,
      operation: { status: 'RUNNING', attempt: 2, startedAttempt: 2 },
    });
    expect(state.operation?.completedSteps).toEqual(['CREATING_DATABASE', 'RUNNING_MIGRATIONS']);
    expect(nextStep(STEPS_OF.CREATE, state.operation!)).toBe('CREATING_ADMIN');
  });
});

describe('evolve: update', () => {
  it('TenantUpdateRequested → UPDATING, remembers ACTIVE, queues an UPDATE operation with the changes', () =>
    expect(
      existingAfter([
        ...histories.ACTIVE('acme'),
        updateRequested('acme', { changes: { name: 'New' }, requestedBy: 'user-u' }),
      ]),
    ).toMatchObject({
      status: 'UPDATING',
      statusBeforeOperation: 'ACTIVE',
      operation: {
        operationId: UPDATE_OP,
        kind: 'UPDATE',
        status: 'QUEUED',
        requestedBy: 'user-u',
        attempt: 1,
        startedAttempt: null,
        completedSteps: [],
        changes: { name: 'New' },
      },
    }));

  it('starting an update keeps UPDATING and does not count as a provisioning attempt', () =>
    expect(
      existingAfter([
        ...histories.UPDATING('acme'),
        provisioningStarted('acme', { operationId: UPDATE_OP, kind: 'UPDATE', occurredAt: T2 }),
      ]),
    ).toMatchObject({ status: 'UPDATING', lastProvisioningAttempt: NOW, operation: { startedAttempt: 1 } }));

  it('TenantUpdated → ACTIVE with the new name and isActive', () =>
    expect(
      existingAfter([...histories.UPDATING('acme'), updated('acme', { name: 'New', isActive: false })]),
    ).toMatchObject({
      status: 'ACTIVE',
      name: 'New',
      isActive: false,
      statusBeforeOperation: null,
      operation: { status: 'SUCCEEDED' },
    }));

  it('TenantUpdateFailed restores the prior status (ACTIVE) and keeps the old values; its job FAILED', () =>
    expect(existingAfter([...histories.UPDATING('acme'), updateFailed('acme')])).toMatchObject({
      status: 'ACTIVE',
      name: 'Tenant acme',
      isActive: true,
      statusBeforeOperation: null,
      operation: { kind: 'UPDATE', status: 'FAILED' },
    }));
});

describe('evolve: cancellation', () => {
  it.each(['PENDING', 'PROVISIONING'] as const)(
    'TenantCancellationRequested from %s → CANCELLING, the canceller now owns the operation',
    (from) =>
      expect(
        existingAfter([...histories[from]('acme'), cancellationRequested('acme', { requestedBy: 'user-c' })]),
      ).toMatchObject({
        status: 'CANCELLING',
        statusBeforeOperation: from,
        // The job goes on until its worker confirms that it stopped.
        operation: { operationId: CREATE_OP, requestedBy: 'user-c', status: from === 'PENDING' ? 'QUEUED' : 'RUNNING' },
      }),
  );

  it('TenantCancelled → CANCELLED, and so is its job', () =>
    expect(existingAfter([...histories.CANCELLING('acme'), cancelled('acme')])).toMatchObject({
      status: 'CANCELLED',
      statusBeforeOperation: null,
      operation: { status: 'CANCELLED' },
    }));
});

describe('evolve: deletion', () => {
  it.each(['ACTIVE', 'FAILED', 'CANCELLED'] as const)(
    'TenantDeletionRequested from %s → DELETING with a DELETE operation',
    (from) =>
      expect(existingAfter([...histories[from]('acme'), deletionRequested('acme')])).toMatchObject({
        status: 'DELETING',
        statusBeforeOperation: from,
        operation: {
          operationId: DELETE_OP,
          kind: 'DELETE',
          status: 'QUEUED',
          attempt: 1,
          startedAttempt: null,
          completedSteps: [],
        },
      }),
  );

  it('TenantDeleted → DELETED and inactive', () =>
    expect(existingAfter(histories.DELETED('acme'))).toMatchObject({
      status: 'DELETED',
      isActive: false,
      statusBeforeOperation: null,
    }));

  it.each(['ACTIVE', 'FAILED', 'CANCELLED'] as const)(
    'TenantDeletionFailed returns to %s and records the error',
    (from) =>
      expect(
        existingAfter([
          ...histories[from]('acme'),
          deletionRequested('acme'),
          deletionFailed('acme', { error: 'drop failed' }),
        ]),
      ).toMatchObject({ status: from, provisioningError: 'drop failed', statusBeforeOperation: null }),
  );
});

describe('evolve: bookkeeping', () => {
  it('version counts the events folded (0 for the first), updatedAt follows the last one', () => {
    const events = [
      tenantRequested('acme'),
      provisioningStarted('acme'),
      stepCompleted('acme', 'CREATING_DATABASE'),
      provisioned('acme', { occurredAt: T2 }),
    ];
    const state = existingAfter(events);
    expect(state.version).toBe(events.length - 1);
    expect(state.updatedAt).toBe(T2);
    expect(state.createdAt).toBe(NOW);
  });

  it.each(Object.entries(histories))('version of a %s history is its length - 1', (_, history) => {
    const events = history('acme');
    expect(existingAfter(events).version).toBe(events.length - 1);
  });

  it('ignores events for a tenant that was never requested', () =>
    expect(stateAfter([provisioningStarted('acme'), provisioned('acme')])).toEqual({ status: 'ABSENT' }));

  it('starts from ABSENT', () => expect(initialState()).toEqual({ status: 'ABSENT' }));

  it('does not mutate the state it is given', () => {
    const before = existingAfter([...histories.PROVISIONING('acme'), stepCompleted('acme', 'CREATING_DATABASE')]);
    const snapshot = structuredClone(before);
    evolve(before, stepCompleted('acme', 'RUNNING_MIGRATIONS'));
    evolve(before, provisioningFailed('acme'));
    expect(before).toEqual(snapshot);
  });

  it('replay folds the events like reduce(evolve)', () => {
    const events: TenantEvent[] = [...histories.FAILED('acme'), retryRequested('acme')];
    expect(replay(events)).toEqual(events.reduce(evolve, initialState()));
  });
});

describe('nextStep', () => {
  it('is the first step not completed, undefined once all are', () => {
    const operation = existingAfter(histories.PROVISIONING('acme')).operation!;
    expect(nextStep(STEPS_OF.CREATE, operation)).toBe('CREATING_DATABASE');
    expect(nextStep(STEPS_OF.CREATE, { ...operation, completedSteps: [...STEPS_OF.CREATE] })).toBeUndefined();
  });
});
