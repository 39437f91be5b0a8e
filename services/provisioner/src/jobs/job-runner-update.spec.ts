import { EventStore } from '@tenantry/event-store';
import { TenantConnections, TenantLocation } from '@tenantry/tenant-database';
import { TenantRepository } from '@tenantry/tenant-repository';
import { TenantStorage } from '../steps/tenant-storage';
import { JobHooks, JobRunner } from './job-runner';
import { createAcme, recordingStore } from './__tests__/job-fixtures';

/** Storage whose creation steps do nothing and whose reachability check does what the test says. */
class UpdateStorage extends TenantStorage {
  constructor(private readonly reach: () => Promise<void>) {
    super(new TenantConnections(), 'postgres://unused@127.0.0.1/unused');
  }
  override createDatabase = () => Promise.resolve();
  override runMigrations = () => Promise.resolve([]);
  override createAdmin = () => Promise.resolve();
  override assignAdminRole = () => Promise.resolve();
  override checkReachable = (_location: TenantLocation) => this.reach();
}

const hooks: JobHooks = { heartbeat: () => undefined, log: () => undefined };
const settings = {
  tenantsDatabaseUrl: 'postgres://unused@127.0.0.1/unused',
  secretsKey: '11'.repeat(32),
  maxAttempts: 1,
  backoffMs: 0,
};

/** An ACTIVE tenant `acme` with an update requested (operation `op-2`); each append's events recorded. */
async function updateRequested(): Promise<{ repository: TenantRepository; store: EventStore; appends: string[][] }> {
  const { store, appends } = recordingStore();
  const repository = new TenantRepository(store);
  const metadata = (operationId: string) => ({
    requestedBy: 'u1',
    now: new Date().toISOString(),
    newOperationId: operationId,
  });
  await repository.handle(createAcme(new Date().toISOString()));
  await new JobRunner(repository, new UpdateStorage(() => Promise.resolve()), settings).run('acme', 'op-1', hooks);
  await repository.handle({
    type: 'UpdateTenant',
    data: { tenantId: 'acme', changes: { name: 'Acme Two' } },
    metadata: metadata('op-2'),
  });
  appends.length = 0;
  return { repository, store, appends };
}

/** An update is one quick step that leaves the tenant UPDATING: it runs in one go, its outcome its only event. */
describe('what an update job appends', () => {
  it('one event: the outcome, which says when the job started and in which attempt', async () => {
    const { repository, store, appends } = await updateRequested();
    const before = Date.now();
    await new JobRunner(repository, new UpdateStorage(() => Promise.resolve()), settings).run('acme', 'op-2', hooks);
    expect(appends).toEqual([['TenantUpdated']]);
    const tenant = await repository.load('acme', { reread: true });
    expect(tenant).toMatchObject({ status: 'ACTIVE', name: 'Acme Two' });
    expect(tenant).toMatchObject({ operation: { startedAttempt: 1, completedSteps: ['APPLYING_UPDATE'] } });
    const updated = (await store.readStream('tenant-acme')).find(
      (e) => e.type === 'TenantUpdated' && e.data['operationId'] === 'op-2',
    );
    const oneGo = updated?.data['ranInOneGo'] as { attempt: number; startedAt: string };
    expect(oneGo.attempt).toBe(1);
    expect(Date.parse(oneGo.startedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(oneGo.startedAt)).toBeLessThanOrEqual(Date.parse(updated!.data['occurredAt'] as string));
  });

  it('an update that succeeds at its second attempt is still one event, of that attempt', async () => {
    const { repository, appends } = await updateRequested();
    let calls = 0;
    const refusedOnce = () =>
      ++calls === 1 ? Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })) : Promise.resolve();
    await new JobRunner(repository, new UpdateStorage(refusedOnce), { ...settings, maxAttempts: 2 }).run(
      'acme',
      'op-2',
      hooks,
    );
    expect(appends).toEqual([['TenantUpdated']]);
    expect(await repository.load('acme', { reread: true })).toMatchObject({
      status: 'ACTIVE',
      operation: { attempt: 2, startedAttempt: 2 },
    });
  });

  it('a failed update: one append, the start with the failure', async () => {
    const { repository, appends } = await updateRequested();
    const unreachable = () => Promise.reject(new Error('Schema tenant_acme is missing'));
    await new JobRunner(repository, new UpdateStorage(unreachable), settings).run('acme', 'op-2', hooks);
    expect(appends).toEqual([['TenantProvisioningStarted', 'TenantUpdateFailed']]);
    expect(await repository.load('acme', { reread: true })).toMatchObject({ status: 'ACTIVE', name: 'Acme' });
  });

  it('a worker that dies during the step leaves nothing on record; the next one runs the whole job', async () => {
    const { repository, appends } = await updateRequested();
    let reached!: () => void;
    const inStep = new Promise<void>((resolve) => (reached = resolve));
    // The first worker never gets past its step (as if killed there).
    const stuck = new JobRunner(
      repository,
      new UpdateStorage(() => (reached(), new Promise<void>(() => undefined))),
      settings,
    );
    void stuck.run('acme', 'op-2', hooks);
    await inStep;
    expect(appends).toEqual([]);
    expect(await repository.load('acme', { reread: true })).toMatchObject({ status: 'UPDATING' });

    await new JobRunner(repository, new UpdateStorage(() => Promise.resolve()), settings).run('acme', 'op-2', hooks);
    expect(appends).toEqual([['TenantUpdated']]);
  });

  it('a job whose trigger the kept state has not folded in yet (it saw an older state last) still runs', async () => {
    // The provisioner's state follows the events it is delivered, and its own appends' results
    // can be folded in after a later trigger was seen: the job must not take that state's word
    // that its operation is not current.
    const { store, appends } = recordingStore();
    const behind = new TenantRepository(store, { followsEvents: () => true });
    await behind.handle(createAcme(new Date().toISOString()));
    await new JobRunner(behind, new UpdateStorage(() => Promise.resolve()), settings).run('acme', 'op-1', hooks);
    // The update is requested by another writer (tenant-command); `behind` keeps the ACTIVE state of op-1.
    await new TenantRepository(store).handle({
      type: 'UpdateTenant',
      data: { tenantId: 'acme', changes: { name: 'Acme Two' } },
      metadata: { requestedBy: 'u1', now: new Date().toISOString(), newOperationId: 'op-2' },
    });
    expect(behind.kept('acme')).toMatchObject({ status: 'ACTIVE', name: 'Acme' });
    appends.length = 0;

    const outcome = await new JobRunner(behind, new UpdateStorage(() => Promise.resolve()), settings).run(
      'acme',
      'op-2',
      hooks,
    );
    expect(outcome).toBe('done');
    expect(appends).toEqual([['TenantUpdated']]);
    expect(await behind.load('acme', { reread: true })).toMatchObject({ status: 'ACTIVE', name: 'Acme Two' });
  });
});
