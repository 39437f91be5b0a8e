import { RootTenantImmutable, TenantAlreadyExists, TenantNotFound } from './errors';
import {
  ALL_STATUSES,
  cancelTenantOperation,
  createTenant,
  deleteTenant,
  given,
  histories,
  retryTenantProvisioning,
  seedRootTenant,
  tenantRequested,
  updateTenant,
} from './__tests__/decider-spec';
import { ROOT_TENANT_ID } from './lifecycle';

describe('creating a tenant', () => {
  it('is accepted as PENDING: TenantRequested with the command data, the new operation id, who asked and when', () =>
    given([])
      .when(createTenant('acme'))
      .then([tenantRequested('acme')]));

  it('carries the database, priority and encrypted connection string as given', () => {
    const database = {
      mode: 'EXTERNAL' as const,
      name: 'acme',
      host: 'db.example',
      connectionString: { ciphertext: 'v1.abc' },
    };
    return given([])
      .when(createTenant('acme', { database, priority: 'HIGH' }, { newOperationId: 'op-42', requestedBy: 'user-7' }))
      .then([tenantRequested('acme', { database, priority: 'HIGH', operationId: 'op-42', requestedBy: 'user-7' })]);
  });

  it.each(ALL_STATUSES)('is refused when the id exists (%s)', (status) =>
    given(histories[status]('acme'))
      .when(createTenant('acme'))
      .thenThrows(TenantAlreadyExists, 'Tenant already exists'),
  );

  it('is refused for a DELETED tenant: ids are never reused', () =>
    given(histories.DELETED('acme')).when(createTenant('acme')).thenThrows(TenantAlreadyExists, 'TENANT_EXISTS'));

  it('is refused for root, even before root was seeded', () =>
    given([]).when(createTenant(ROOT_TENANT_ID)).thenThrows(TenantAlreadyExists, 'Tenant already exists'));

  it('is refused for root once seeded', () =>
    given([tenantRequested(ROOT_TENANT_ID)])
      .when(createTenant(ROOT_TENANT_ID))
      .thenThrows(TenantAlreadyExists));
});

describe('seeding the root tenant', () => {
  it('requests root when it does not exist', () =>
    given([])
      .when(seedRootTenant())
      .then([tenantRequested(ROOT_TENANT_ID, { requestedBy: 'system' })]));

  it.each(ALL_STATUSES)('is idempotent: nothing when root exists (%s)', (status) =>
    given(histories[status](ROOT_TENANT_ID)).when(seedRootTenant()).thenNothing(),
  );
});

describe('root is immutable', () => {
  const activeRoot = histories.ACTIVE(ROOT_TENANT_ID);
  it('cannot be edited', () =>
    given(activeRoot).when(updateTenant(ROOT_TENANT_ID)).thenThrows(RootTenantImmutable, 'Cannot edit root tenant'));
  it('cannot be edited, whatever the change', () =>
    given(activeRoot)
      .when(updateTenant(ROOT_TENANT_ID, { isActive: false }))
      .thenThrows(RootTenantImmutable, 'ROOT_TENANT_IMMUTABLE'));
  it('cannot be deleted', () =>
    given(activeRoot).when(deleteTenant(ROOT_TENANT_ID)).thenThrows(RootTenantImmutable, 'Cannot delete root tenant'));
  it('cannot be retried', () =>
    given(histories.FAILED(ROOT_TENANT_ID))
      .when(retryTenantProvisioning(ROOT_TENANT_ID))
      .thenThrows(RootTenantImmutable));
  it('cannot have its provisioning cancelled', () =>
    given(histories.PENDING(ROOT_TENANT_ID))
      .when(cancelTenantOperation(ROOT_TENANT_ID))
      .thenThrows(RootTenantImmutable));
});

describe('administrator commands on an absent tenant', () => {
  it('update → TenantNotFound', () => given([]).when(updateTenant('ghost')).thenThrows(TenantNotFound, 'NOT_FOUND'));
  it('retry → TenantNotFound', () =>
    given([]).when(retryTenantProvisioning('ghost')).thenThrows(TenantNotFound, "Tenant 'ghost' was not found"));
  it('cancel → TenantNotFound', () => given([]).when(cancelTenantOperation('ghost')).thenThrows(TenantNotFound));
  it('delete → TenantNotFound', () => given([]).when(deleteTenant('ghost')).thenThrows(TenantNotFound));
  it('operation ids come from the command metadata', () =>
    given(histories.ACTIVE('acme'))
      .when(updateTenant('acme', { name: 'X' }, { newOperationId: 'op-9' }))
      .then([expect.objectContaining({ data: expect.objectContaining({ operationId: 'op-9' }) })]));
});
