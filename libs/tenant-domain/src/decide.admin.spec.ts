import { InvalidState } from './errors';
import {
  CREATE_OP,
  DELETE_OP,
  UPDATE_OP,
  cancelTenantOperation,
  cancellationRequested,
  deleteTenant,
  deletionFailed,
  deletionRequested,
  given,
  histories,
  provisioningFailed,
  provisioningStarted,
  retryRequested,
  retryTenantProvisioning,
  statusesExcept,
  updateRequested,
  updateTenant,
  updated,
} from './__tests__/decider-spec';

describe('updating a tenant', () => {
  it('is accepted when ACTIVE: TenantUpdateRequested with the changes and a new operation id', () =>
    given(histories.ACTIVE('acme'))
      .when(updateTenant('acme', { name: 'Acme Inc', isActive: false }))
      .then([updateRequested('acme', { changes: { name: 'Acme Inc', isActive: false } })]));

  it('is accepted for a deactivated tenant, which is still ACTIVE', () =>
    given([
      ...histories.ACTIVE('acme'),
      updateRequested('acme', { changes: { isActive: false } }),
      provisioningStarted('acme', { operationId: UPDATE_OP, kind: 'UPDATE' }),
      updated('acme', { name: 'Tenant acme', isActive: false }),
    ])
      .when(updateTenant('acme', { isActive: true }, { newOperationId: 'op-update-2' }))
      .then([updateRequested('acme', { operationId: 'op-update-2', changes: { isActive: true } })]));

  it.each(statusesExcept('ACTIVE'))('is refused when %s', (status) =>
    given(histories[status]('acme')).when(updateTenant('acme')).thenThrows(InvalidState, 'INVALID_STATE'),
  );

  it('names the status in the refusal', () =>
    given(histories.PENDING('acme'))
      .when(updateTenant('acme'))
      .thenThrows(InvalidState, 'Cannot update a tenant that is PENDING'));
});

describe('retrying provisioning', () => {
  it('is accepted after a failed CREATE: attempt + 1, same operation id', () =>
    given(histories.FAILED('acme'))
      .when(retryTenantProvisioning('acme', { newOperationId: 'op-ignored' }))
      .then([retryRequested('acme', { operationId: CREATE_OP, attempt: 2 })]));

  it('counts attempts across several retries', () =>
    given([
      ...histories.FAILED('acme'),
      retryRequested('acme', { attempt: 2 }),
      provisioningStarted('acme', { attempt: 2 }),
      provisioningFailed('acme', { attempt: 2 }),
    ])
      .when(retryTenantProvisioning('acme'))
      .then([retryRequested('acme', { attempt: 3 })]));

  it.each(statusesExcept('FAILED'))('is refused when %s', (status) =>
    given(histories[status]('acme')).when(retryTenantProvisioning('acme')).thenThrows(InvalidState, 'INVALID_STATE'),
  );

  it('is refused when FAILED by a deletion rather than a creation', () =>
    given([
      ...histories.FAILED('acme'),
      deletionRequested('acme'),
      provisioningStarted('acme', { operationId: DELETE_OP, kind: 'DELETE' }),
      deletionFailed('acme'),
    ])
      .when(retryTenantProvisioning('acme'))
      .thenThrows(InvalidState, 'Cannot retry a tenant that is FAILED'));
});

describe('cancelling an operation', () => {
  it('moves a PENDING tenant to CANCELLING, naming the operation being cancelled and who cancels', () =>
    given(histories.PENDING('acme'))
      .when(cancelTenantOperation('acme', { requestedBy: 'user-other' }))
      .then([cancellationRequested('acme', { operationId: CREATE_OP, requestedBy: 'user-other' })]));

  it('moves a PROVISIONING tenant to CANCELLING', () =>
    given(histories.PROVISIONING('acme'))
      .when(cancelTenantOperation('acme'))
      .then([cancellationRequested('acme')]));

  it('cancels a retried attempt that is PENDING again', () =>
    given([...histories.FAILED('acme'), retryRequested('acme')])
      .when(cancelTenantOperation('acme'))
      .then([cancellationRequested('acme')]));

  it.each(statusesExcept('PENDING', 'PROVISIONING'))('is refused when %s', (status) =>
    given(histories[status]('acme')).when(cancelTenantOperation('acme')).thenThrows(InvalidState, 'INVALID_STATE'),
  );
});

describe('deleting a tenant', () => {
  it.each(['ACTIVE', 'FAILED', 'CANCELLED'] as const)(
    'is accepted when %s: TenantDeletionRequested with a new operation id',
    (status) =>
      given(histories[status]('acme'))
        .when(deleteTenant('acme'))
        .then([deletionRequested('acme', { operationId: DELETE_OP })]),
  );

  it('is accepted again after a deletion failed', () =>
    given([
      ...histories.DELETING('acme'),
      provisioningStarted('acme', { operationId: DELETE_OP, kind: 'DELETE' }),
      deletionFailed('acme'),
    ])
      .when(deleteTenant('acme', { newOperationId: 'op-delete-2' }))
      .then([deletionRequested('acme', { operationId: 'op-delete-2' })]));

  it.each(statusesExcept('ACTIVE', 'FAILED', 'CANCELLED'))('is refused when %s', (status) =>
    given(histories[status]('acme')).when(deleteTenant('acme')).thenThrows(InvalidState, 'INVALID_STATE'),
  );
});
