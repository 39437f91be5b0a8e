import { OperationKind, ProvisioningStatus } from '../api/generated/graphql';
import { isSettling, statusBadge, tenantActions, type TenantActions } from './status';

const PROVISIONING_STATUSES = Object.values(ProvisioningStatus);

describe('status badges', () => {
  it.each([
    ['PENDING', 'Pending', 'grey', false],
    ['PROVISIONING', 'Provisioning', 'blue', true],
    ['ACTIVE', 'Active', 'green', false],
    ['FAILED', 'Failed', 'red', false],
    ['UPDATING', 'Updating', 'amber', true],
    ['CANCELLING', 'Cancelling', 'purple', true],
    ['CANCELLED', 'Cancelled', 'grey', false],
    ['DELETING', 'Deleting', 'dark', true],
    ['DELETED', 'Deleted', 'dark', false],
  ] as const)('%s shows %s in %s, spinner %s', (status, label, tone, busy) =>
    expect(statusBadge(status)).toEqual({ label, tone, busy }),
  );

  it('cover every status', () => PROVISIONING_STATUSES.forEach((s) => expect(statusBadge(s).label).not.toBe(s)));
});

describe('tenant actions follow the lifecycle', () => {
  const acme = (status: ProvisioningStatus, kind: OperationKind = 'CREATE') => ({
    id: 'acme',
    status,
    currentOperation: { kind },
  });
  const allowing = (action: keyof TenantActions) => PROVISIONING_STATUSES.filter((s) => tenantActions(acme(s))[action]);

  it('edit only an ACTIVE tenant', () => expect(allowing('edit')).toEqual(['ACTIVE']));
  it('retry only a FAILED one', () => expect(allowing('retry')).toEqual(['FAILED']));
  it('retry a failed creation, not a failed deletion', () =>
    expect(tenantActions(acme('FAILED', 'DELETE'))).toEqual({
      edit: false,
      retry: false,
      cancel: false,
      delete: true,
    }));
  it('cancel while PENDING or PROVISIONING', () => expect(allowing('cancel')).toEqual(['PENDING', 'PROVISIONING']));
  it('delete when ACTIVE, FAILED or CANCELLED', () =>
    expect(allowing('delete')).toEqual(['ACTIVE', 'FAILED', 'CANCELLED']));
  it('offer nothing for root', () =>
    expect(tenantActions({ ...acme('ACTIVE'), id: 'root' })).toEqual({
      edit: false,
      retry: false,
      cancel: false,
      delete: false,
    }));
  it('follow live the statuses that move by themselves', () =>
    expect(PROVISIONING_STATUSES.filter(isSettling)).toEqual([
      'PENDING',
      'PROVISIONING',
      'UPDATING',
      'CANCELLING',
      'DELETING',
    ]));
});
