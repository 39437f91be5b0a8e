import type { TenantSummaryFragment as TenantSummary } from '../api/generated/graphql';
import { mergeTenantLists, newer, sortTenants, upsertTenant } from './tenants';

const tenant = (id: string, version: number, over: Partial<TenantSummary> = {}): TenantSummary => ({
  id,
  name: id,
  isActive: true,
  status: 'PENDING',
  provisioningError: null,
  lastProvisioningAttempt: null,
  adminEmail: `a@${id}.io`,
  database: { mode: 'SHARED', name: `tenant_${id}`, host: null },
  createdAt: `2026-01-0${version}T00:00:00Z`,
  updatedAt: '2026-01-01T00:00:00Z',
  version,
  ...over,
});

describe('keeping tenant views current', () => {
  it('prefer the later stream revision', () => {
    expect(newer(tenant('a', 3), tenant('a', 2)).version).toBe(3);
    expect(newer(tenant('a', 2), tenant('a', 3)).version).toBe(3);
    expect(newer(undefined, tenant('a', 1)).version).toBe(1);
  });

  it('put a new tenant in and replace a known one only with a later revision', () => {
    const list = upsertTenant([tenant('a', 2, { status: 'PROVISIONING' })], tenant('b', 1));
    expect(list.map((t) => t.id)).toEqual(['a', 'b']);
    expect(upsertTenant(list, tenant('a', 1))[0]!.status).toBe('PROVISIONING');
    expect(upsertTenant(list, tenant('a', 3, { status: 'ACTIVE' }))[0]!.status).toBe('ACTIVE');
  });

  it('drop a row whose new status leaves the filter', () =>
    expect(upsertTenant([tenant('a', 1)], tenant('a', 2, { status: 'ACTIVE' }), 'PENDING')).toEqual([]));

  it('keep what the live feed knows is newer than a refetch, and only refetched rows', () => {
    const merged = mergeTenantLists(
      [tenant('a', 5, { status: 'ACTIVE' }), tenant('gone', 1)],
      [tenant('a', 4), tenant('c', 1)],
    );
    expect(merged.map((t) => `${t.id}:${t.version}`)).toEqual(['a:5', 'c:1']);
  });

  it('sort newest first', () =>
    expect(sortTenants([tenant('a', 1), tenant('b', 2)]).map((t) => t.id)).toEqual(['b', 'a']));
});
