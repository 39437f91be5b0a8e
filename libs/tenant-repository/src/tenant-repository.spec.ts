import { inMemoryEventStore } from '@tenantry/event-store';
import { CreateTenant, TenantAlreadyExists, UpdateTenant } from '@tenantry/tenant-domain';
import { TenantRepository } from './tenant-repository';

const metadata = (id: string) => ({ requestedBy: 'u1', now: '2026-11-25T10:00:00.000Z', newOperationId: id });
const create = (tenantId: string): CreateTenant => ({
  type: 'CreateTenant',
  data: { tenantId, name: 'Acme', adminEmail: 'a@acme.test', adminPasswordHash: '$argon2id$x', database: { mode: 'SHARED', name: `tenant_${tenantId}`, host: null }, priority: 'NORMAL' },
  metadata: metadata('op-1'),
});
const start = (tenantId: string, operationId: string) =>
  ({ type: 'StartOperation', data: { tenantId, operationId, attempt: 1 }, metadata: metadata(operationId) }) as const;

describe('the tenant repository', () => {
  it('appends what the decider decides and refuses what it refuses', async () => {
    const repository = new TenantRepository(inMemoryEventStore());
    expect((await repository.handle(create('acme'))).state.status).toBe('PENDING');
    await expect(repository.handle(create('acme'))).rejects.toBeInstanceOf(TenantAlreadyExists);
  });

  it('sees what another process appended although it keeps folded states', async () => {
    const store = inMemoryEventStore();
    const [mine, theirs] = [new TenantRepository(store), new TenantRepository(store)];
    await mine.handle(create('acme'));
    expect((await mine.load('acme')).status).toBe('PENDING');
    await theirs.handle(start('acme', 'op-1'));
    expect((await mine.load('acme')).status).toBe('PROVISIONING');
    expect((await store.readStream('tenant-acme')).map((e) => e.type)).toEqual(['TenantRequested', 'TenantProvisioningStarted']);
  });

  it('decides on what others appended since it last folded', async () => {
    const store = inMemoryEventStore();
    const [a, b] = [new TenantRepository(store), new TenantRepository(store)];
    await a.handle(create('acme'));
    await Promise.all([a.load('acme'), b.load('acme')]);
    const update: UpdateTenant = { type: 'UpdateTenant', data: { tenantId: 'acme', changes: { name: 'X' } }, metadata: metadata('op-2') };
    await a.handle(start('acme', 'op-1'));
    // b folded PENDING before; it reads what a appended since, so the decider sees PROVISIONING.
    await expect(b.handle(update)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('forgets the least recently used tenants beyond its bound, and still answers right', async () => {
    const repository = new TenantRepository(inMemoryEventStore(), { cachedTenants: 2 });
    for (const id of ['a', 'b', 'c']) await repository.handle(create(id));
    for (const id of ['a', 'b', 'c']) expect((await repository.load(id)).status).toBe('PENDING');
  });
});
