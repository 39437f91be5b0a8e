import { EventStore, inMemoryEventStore } from '@tenantry/event-store';
import { CreateTenant, TenantAlreadyExists, UpdateTenant } from '@tenantry/tenant-domain';
import { TenantRepository } from './tenant-repository';

const metadata = (id: string) => ({ requestedBy: 'u1', now: '2026-11-25T10:00:00.000Z', newOperationId: id });
const create = (tenantId: string): CreateTenant => ({
  type: 'CreateTenant',
  data: {
    tenantId,
    name: 'Acme',
    adminEmail: 'a@acme.test',
    adminPasswordHash: '$argon2id$x',
    database: { mode: 'SHARED', name: `tenant_${tenantId}`, host: null },
    priority: 'NORMAL',
  },
  metadata: metadata('op-1'),
});
const start = (tenantId: string, operationId: string) =>
  ({ type: 'StartOperation', data: { tenantId, operationId, attempt: 1 }, metadata: metadata(operationId) }) as const;
const completeStep = (tenantId: string, operationId: string) =>
  ({
    type: 'CompleteStep',
    data: { tenantId, operationId, step: 'CREATING_DATABASE', startedAt: '2026-11-25T10:00:00.000Z' },
    metadata: metadata(operationId),
  }) as const;
const fail = (tenantId: string, operationId: string) =>
  ({ type: 'FailOperation', data: { tenantId, operationId, error: 'no' }, metadata: metadata(operationId) }) as const;

/** The store, counting the reads and appends that reach it. */
function counting(store: EventStore) {
  const calls = { reads: 0, appends: 0 };
  const counted: EventStore = {
    ...store,
    readStream: (...args) => (calls.reads++, store.readStream(...args)),
    append: (...args) => (calls.appends++, store.append(...args)),
  };
  return { store: counted, calls };
}

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
    expect((await store.readStream('tenant-acme')).map((e) => e.type)).toEqual([
      'TenantRequested',
      'TenantProvisioningStarted',
    ]);
  });

  it('decides on what others appended since it last folded', async () => {
    const store = inMemoryEventStore();
    const [a, b] = [new TenantRepository(store), new TenantRepository(store)];
    await a.handle(create('acme'));
    await Promise.all([a.load('acme'), b.load('acme')]);
    const update: UpdateTenant = {
      type: 'UpdateTenant',
      data: { tenantId: 'acme', changes: { name: 'X' } },
      metadata: metadata('op-2'),
    };
    await a.handle(start('acme', 'op-1'));
    // b folded PENDING before; it reads what a appended since, so the decider sees PROVISIONING.
    await expect(b.handle(update)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('forgets the least recently used tenants beyond its bound, and still answers right', async () => {
    const repository = new TenantRepository(inMemoryEventStore(), { cachedTenants: 2 });
    for (const id of ['a', 'b', 'c']) await repository.handle(create(id));
    for (const id of ['a', 'b', 'c']) expect((await repository.load(id)).status).toBe('PENDING');
  });

  it('appends the events of several commands at once, each decided on the state the previous ones lead to', async () => {
    const { store, calls } = counting(inMemoryEventStore());
    const repository = new TenantRepository(store);
    await repository.handle(create('acme'));
    const appendsBefore = calls.appends;
    const decision = await repository.handleAll([start('acme', 'op-1'), completeStep('acme', 'op-1')]);
    expect(decision.events.map((e) => e.type)).toEqual([
      'TenantProvisioningStarted',
      'TenantProvisioningStepCompleted',
    ]);
    expect(decision.state).toMatchObject({
      status: 'PROVISIONING',
      operation: { completedSteps: ['CREATING_DATABASE'] },
    });
    expect(calls.appends - appendsBefore).toBe(1);
    expect((await store.readStream('tenant-acme')).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });

  it('appends nothing when one of the commands is refused', async () => {
    const store = inMemoryEventStore();
    const repository = new TenantRepository(store);
    await repository.handle(create('acme'));
    await expect(repository.handleAll([completeStep('acme', 'op-1'), start('acme', 'op-1')])).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(await store.readStream('tenant-acme')).toHaveLength(1);
  });

  it('decides on a state the caller holds without reading the stream', async () => {
    const { store, calls } = counting(inMemoryEventStore());
    const repository = new TenantRepository(store);
    const created = await repository.handle(create('acme'));
    const readsBefore = calls.reads;
    const started = await repository.handle(start('acme', 'op-1'), {}, { basedOn: created.state });
    await repository.handle(completeStep('acme', 'op-1'), {}, { basedOn: started.state });
    expect(calls.reads).toBe(readsBefore);
    expect((await store.readStream('tenant-acme')).map((e) => e.type)).toEqual([
      'TenantRequested',
      'TenantProvisioningStarted',
      'TenantProvisioningStepCompleted',
    ]);
  });

  it('decides again on a fresh read when the state the caller holds is stale', async () => {
    const store = inMemoryEventStore();
    const [mine, theirs] = [new TenantRepository(store), new TenantRepository(store)];
    const created = await mine.handle(create('acme'));
    await theirs.handle(start('acme', 'op-1'));
    // The stale PENDING state would start the job again: the append conflicts, and the fresh state says it has started.
    expect((await mine.handle(start('acme', 'op-1'), {}, { basedOn: created.state })).events).toEqual([]);
    // The stale PENDING state would refuse a step: only the fresh state (PROVISIONING) decides.
    expect((await mine.handle(completeStep('acme', 'op-1'), {}, { basedOn: created.state })).events).toHaveLength(1);
    await theirs.handle(fail('acme', 'op-1'));
    await expect(mine.handle(completeStep('acme', 'op-1'), {}, { basedOn: created.state })).resolves.toMatchObject({
      events: [],
    });
    expect((await store.readStream('tenant-acme')).map((e) => e.type)).toEqual([
      'TenantRequested',
      'TenantProvisioningStarted',
      'TenantProvisioningStepCompleted',
      'TenantProvisioningFailed',
    ]);
  });

  it('appends with the ids it is given, and finds that append again with the state right after it', async () => {
    const store = inMemoryEventStore();
    const repository = new TenantRepository(store);
    const idOf = (key: string) => (index: number) => `00000000-0000-8000-8000-${key}${String(index).padStart(11, '0')}`;
    await repository.handle(create('acme'));
    await repository.handleAll([start('acme', 'op-1'), completeStep('acme', 'op-1')], {}, { eventIds: idOf('a') });
    await repository.handle(fail('acme', 'op-1'));

    expect((await store.readStream('tenant-acme')).map((e) => e.id).slice(1, 3)).toEqual([idOf('a')(0), idOf('a')(1)]);
    const found = await repository.findAppend('acme', idOf('a'));
    expect(found?.first).toMatchObject({ type: 'TenantProvisioningStarted', revision: 1n });
    // The state right after the append (two events), not the tenant's current one (FAILED).
    expect(found?.state).toMatchObject({ status: 'PROVISIONING', version: 2 });
    expect(await repository.findAppend('acme', idOf('b'))).toBeUndefined();
    // The same ids again: the store refuses them, wherever they would go.
    await expect(repository.handle({ ...create('globex') }, {}, { eventIds: idOf('a') })).rejects.toMatchObject({
      code: 'DUPLICATE_EVENT_ID',
    });
  });

  describe('following the events it sees go by', () => {
    const world = async () => {
      const counted = counting(inMemoryEventStore());
      const repository = new TenantRepository(counted.store, { followsEvents: () => true });
      const other = new TenantRepository(counted.store);
      await repository.handle(create('acme'));
      return {
        ...counted,
        repository,
        other,
        newer: async (from: number) => (await counted.store.readStream('tenant-acme')).slice(from),
      };
    };

    it('decides on the state it folded from observed events without reading the stream', async () => {
      const { calls, repository, other, newer } = await world();
      await other.handle(start('acme', 'op-1'));
      repository.observe(await newer(1));
      const readsBefore = calls.reads;
      expect((await repository.load('acme')).status).toBe('PROVISIONING');
      await repository.handle(completeStep('acme', 'op-1'));
      expect(calls.reads).toBe(readsBefore);
      expect(await newer(0)).toHaveLength(3);
    });

    it('ignores events it already folded in, and forgets a state when events are missing before one', async () => {
      const { calls, repository, other, newer } = await world();
      await other.handle(start('acme', 'op-1'));
      await other.handle(completeStep('acme', 'op-1'));
      const [, , stepEvent] = await newer(0);
      repository.observe([stepEvent!]);
      const readsBefore = calls.reads;
      expect((await repository.load('acme')).status).toBe('PROVISIONING');
      expect(calls.reads).toBe(readsBefore + 1);
      repository.observe(await newer(0));
      expect(await repository.load('acme')).toMatchObject({
        operation: { completedSteps: ['CREATING_DATABASE'] },
        version: 2,
      });
    });

    it('decides right on a state gone stale (events not yet observed): the append conflicts, it reads and decides again', async () => {
      const { repository, other, newer } = await world();
      await other.handle(start('acme', 'op-1'));
      await other.handle(fail('acme', 'op-1'));
      // Kept: PENDING, where the start is decided and its append conflicts. Fresh: FAILED, where that start already happened.
      await expect(repository.handle(start('acme', 'op-1'))).resolves.toMatchObject({ events: [] });
      // Kept and fresh now agree (FAILED): the refusal stands.
      await expect(repository.handle(completeStep('acme', 'op-1'))).rejects.toMatchObject({ code: 'INVALID_STATE' });
      expect((await repository.load('acme')).status).toBe('FAILED');
      expect((await newer(0)).map((e) => e.type)).toEqual([
        'TenantRequested',
        'TenantProvisioningStarted',
        'TenantProvisioningFailed',
      ]);
    });

    it("starts a state from a stream's first event: a tenant created elsewhere is decided on without a read", async () => {
      const counted = counting(inMemoryEventStore());
      const repository = new TenantRepository(counted.store, { followsEvents: () => true });
      await new TenantRepository(counted.store).handle(create('elsewhere'));
      const [requested] = await counted.store.readStream('tenant-elsewhere');
      const readsBefore = counted.calls.reads;
      repository.observe([requested!]);
      expect((await repository.load('elsewhere')).status).toBe('PENDING');
      await repository.handle(start('elsewhere', 'op-1'));
      expect(counted.calls.reads).toBe(readsBefore);
      // A later event of a stream it never saw begin is not folded: the next load reads.
      const other = new TenantRepository(counted.store);
      await other.handle(create('unseen'));
      await other.handle(start('unseen', 'op-1'));
      const [, started] = await counted.store.readStream('tenant-unseen');
      repository.observe([started!]);
      const before = counted.calls.reads;
      expect((await repository.load('unseen')).status).toBe('PROVISIONING');
      expect(counted.calls.reads).toBe(before + 1);
    });

    it('reads first while it does not follow the events', async () => {
      const counted = counting(inMemoryEventStore());
      let following = false;
      const repository = new TenantRepository(counted.store, { followsEvents: () => following });
      await repository.handle(create('acme'));
      const readsBefore = counted.calls.reads;
      await repository.load('acme');
      following = true;
      await repository.load('acme');
      expect(counted.calls.reads).toBe(readsBefore + 1);
    });

    it('keeps a tenant that does not exist yet, so the create after the check reads nothing more', async () => {
      const counted = counting(inMemoryEventStore());
      const repository = new TenantRepository(counted.store, { followsEvents: () => true });
      expect((await repository.load('newco')).status).toBe('ABSENT');
      await repository.handle(create('newco'));
      expect(counted.calls.reads).toBe(1);
      // Created meanwhile by someone else: the append conflicts, and the fresh read refuses.
      const other = new TenantRepository(counted.store);
      expect((await repository.load('rival')).status).toBe('ABSENT');
      await other.handle(create('rival'));
      await expect(repository.handle(create('rival'))).rejects.toBeInstanceOf(TenantAlreadyExists);
    });
  });
});
