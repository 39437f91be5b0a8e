import { InvalidState } from './errors';
import {
  CREATE_OP,
  DELETE_OP,
  UPDATE_OP,
  completeOperation,
  completeStep,
  deleted,
  deletionRequested,
  failOperation,
  given,
  histories,
  provisioned,
  provisioningStarted,
  startOperation,
  stepCompleted,
  updateRequested,
  updated,
} from './__tests__/decider-spec';

const startedUpdate = (id: string) => [
  ...histories.ACTIVE(id),
  updateRequested(id),
  provisioningStarted(id, { operationId: UPDATE_OP, kind: 'UPDATE' }),
];
const finishUpdate = (id: string) => [
  completeStep(id, 'APPLYING_UPDATE', { operationId: UPDATE_OP }),
  completeOperation(id, { operationId: UPDATE_OP }),
];

describe('deciding several worker reports together (the last step and the outcome in one append)', () => {
  it('completes the step of a running update and the update: StepCompleted, then TenantUpdated', () =>
    given(startedUpdate('acme'))
      .when(finishUpdate('acme'))
      .then([stepCompleted('acme', 'APPLYING_UPDATE', { operationId: UPDATE_OP }), updated('acme')]));

  it('decides each report on the state the previous ones lead to: the last step of a creation, then TenantProvisioned', () =>
    given([
      ...histories.PROVISIONING('acme'),
      stepCompleted('acme', 'CREATING_DATABASE'),
      stepCompleted('acme', 'RUNNING_MIGRATIONS'),
      stepCompleted('acme', 'CREATING_ADMIN'),
    ])
      .when([completeStep('acme', 'ASSIGNING_ROLES'), completeOperation('acme')])
      .then([stepCompleted('acme', 'ASSIGNING_ROLES'), provisioned('acme')]));

  it('completes a deletion with its one step', () =>
    given([
      ...histories.ACTIVE('acme'),
      deletionRequested('acme'),
      provisioningStarted('acme', { operationId: DELETE_OP, kind: 'DELETE' }),
    ])
      .when([
        completeStep('acme', 'DROPPING_DATABASE', { operationId: DELETE_OP }),
        completeOperation('acme', { operationId: DELETE_OP }),
      ])
      .then([stepCompleted('acme', 'DROPPING_DATABASE', { operationId: DELETE_OP }), deleted('acme')]));

  it('repeats nothing a crashed worker already appended: only the outcome when the step is recorded', () =>
    given([...startedUpdate('acme'), stepCompleted('acme', 'APPLYING_UPDATE', { operationId: UPDATE_OP })])
      .when(finishUpdate('acme'))
      .then([updated('acme')]));

  it('is idempotent once the job finished', () =>
    given([
      ...startedUpdate('acme'),
      stepCompleted('acme', 'APPLYING_UPDATE', { operationId: UPDATE_OP }),
      updated('acme'),
    ])
      .when(finishUpdate('acme'))
      .thenNothing());

  it('can start, complete the step and the outcome at once', () =>
    given([...histories.ACTIVE('acme'), updateRequested('acme')])
      .when([startOperation('acme', { operationId: UPDATE_OP }), ...finishUpdate('acme')])
      .then([
        provisioningStarted('acme', { operationId: UPDATE_OP, kind: 'UPDATE' }),
        stepCompleted('acme', 'APPLYING_UPDATE', { operationId: UPDATE_OP }),
        updated('acme'),
      ]));

  it('refuses all when one is refused: a step of an update that has not started', () =>
    given([...histories.ACTIVE('acme'), updateRequested('acme')])
      .when(finishUpdate('acme'))
      .thenThrows(InvalidState, 'Cannot complete a step of a tenant that is UPDATING'));

  it('refuses all when a later one is refused: the failure after the outcome', () =>
    given(startedUpdate('acme'))
      .when([...finishUpdate('acme'), failOperation('acme', 'late', { operationId: CREATE_OP })])
      .thenThrows(InvalidState));

  it('decides nothing for no command', () => given(startedUpdate('acme')).when([]).thenNothing());
});
