import { ProvisioningStatus } from '../api/generated/graphql';
import { isSettling, statusBadge, tenantActions } from './status';

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
  it('edit only an ACTIVE tenant', () =>
    expect(PROVISIONING_STATUSES.filter((s) => tenantActions('acme', s).edit)).toEqual(['ACTIVE']));
  it('retry only a FAILED one', () =>
    expect(PROVISIONING_STATUSES.filter((s) => tenantActions('acme', s).retry)).toEqual(['FAILED']));
  it('cancel while PENDING or PROVISIONING', () =>
    expect(PROVISIONING_STATUSES.filter((s) => tenantActions('acme', s).cancel)).toEqual(['PENDING', 'PROVISIONING']));
  it('delete when ACTIVE, FAILED or CANCELLED', () =>
    expect(PROVISIONING_STATUSES.filter((s) => tenantActions('acme', s).delete)).toEqual([
      'ACTIVE',
      'FAILED',
      'CANCELLED',
    ]));
  it('offer nothing for root', () =>
    expect(tenantActions('root', 'ACTIVE')).toEqual({ edit: false, retry: false, cancel: false, delete: false }));
  it('follow live the statuses that move by themselves', () =>
    expect(PROVISIONING_STATUSES.filter(isSettling)).toEqual([
      'PENDING',
      'PROVISIONING',
      'UPDATING',
      'CANCELLING',
      'DELETING',
    ]));
});
