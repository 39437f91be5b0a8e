import { TenantConnections } from '@tenantry/tenant-database';
import { TenantRepository } from '@tenantry/tenant-repository';
import { StepWorkers } from '../steps/step-workers';
import { TenantStorage } from '../steps/tenant-storage';
import { JobRunner } from './job-runner';
import { createAcme, recordingStore, stepOrType } from './__tests__/job-fixtures';

/** Storage whose steps take no time but the clock's, and fail where told. */
class TimedStorage extends TenantStorage {
  constructor(
    private readonly clock: { ms: number },
    private readonly durations: Partial<Record<string, number>> = {},
    private readonly failing?: string,
  ) {
    super(new TenantConnections(), 'postgres://unused@127.0.0.1/unused');
  }
  /** Each call: its step, and what it was asked beyond the tenant. */
  readonly calls: string[] = [];
  private work(step: string, options?: object): Promise<void> {
    this.calls.push(options && Object.keys(options).length > 0 ? `${step} ${JSON.stringify(options)}` : step);
    this.clock.ms += this.durations[step] ?? 5;
    if (step === this.failing) throw Object.assign(new Error(`${step} broke`), { code: '42601' });
    return Promise.resolve();
  }
  override createDatabase = (_database: unknown, _location: unknown, options?: object) =>
    this.work('CREATING_DATABASE', options);
  override runMigrations = async (_location: unknown, options?: object) => (
    await this.work('RUNNING_MIGRATIONS', options),
    []
  );
  override createAdmin = (_location: unknown, _email: string, _hash: string, options?: object) =>
    this.work('CREATING_ADMIN', options);
  override assignAdminRole = () => this.work('ASSIGNING_ROLES');
}

async function runJob(options: {
  durations?: Partial<Record<string, number>>;
  customSteps?: string[];
  failing?: string;
  askedWith?: (stored: string[]) => void;
}) {
  const { store, appends } = recordingStore();
  const clock = { ms: Date.parse('2026-11-25T10:00:00.000Z') };
  const repository = new TenantRepository(store);
  const create = createAcme(
    new Date(clock.ms).toISOString(),
    options.customSteps ? { customSteps: options.customSteps } : {},
  );
  await repository.handle(create);
  appends.length = 0;
  const stepWorkers: StepWorkers = {
    ask: async () => {
      const stored = await store.readStream('tenant-acme');
      options.askedWith?.(stored.map(stepOrType));
      clock.ms += 10;
    },
  };
  const storage = new TimedStorage(clock, options.durations, options.failing);
  const runner = new JobRunner(
    repository,
    storage,
    {
      tenantsDatabaseUrl: 'postgres://unused@127.0.0.1/unused',
      secretsKey: '11'.repeat(32),
      maxAttempts: 1,
      backoffMs: 0,
    },
    () => new Date(clock.ms),
    undefined,
    stepWorkers,
  );
  await runner.run('acme', 'op-1', { heartbeat: () => undefined, log: () => undefined });
  return { appends, events: await store.readStream('tenant-acme'), calls: storage.calls };
}

/** Quick built-in steps share one append; what the application's steps do is on record at once. */
describe('what a job appends', () => {
  it('a creation of quick steps: the start, then the outcome, which records every step', async () => {
    const { appends } = await runJob({});
    expect(appends).toEqual([
      ['TenantProvisioningStarted'],
      ['TenantProvisioned with CREATING_DATABASE, RUNNING_MIGRATIONS, CREATING_ADMIN, ASSIGNING_ROLES'],
    ]);
  });

  it('each step the outcome records says when that step started and ended, not when it was appended', async () => {
    const { events } = await runJob({ durations: { RUNNING_MIGRATIONS: 60 } });
    const outcome = events.find((e) => e.type === 'TenantProvisioned')!;
    const steps = outcome.data['steps'] as { startedAt: string; finishedAt: string }[];
    const ended = steps.map((step) => Date.parse(step.finishedAt) - Date.parse(step.startedAt));
    // CREATING_ADMIN's and ASSIGNING_ROLES's work was done in the migrations' transaction (below).
    expect(ended).toEqual([5, 60, 0, 0]);
  });

  it('quick steps share round trips: the schema, the admin and its role come with the migrations', async () => {
    const { calls } = await runJob({});
    expect(calls).toEqual([
      'CREATING_DATABASE {"schema":false}',
      'RUNNING_MIGRATIONS {"admin":{"email":"a@acme.test","passwordHash":"$argon2id$x"}}',
    ]);
  });

  it('a slow step is on record as soon as it is done', async () => {
    const { appends } = await runJob({ durations: { RUNNING_MIGRATIONS: 250 } });
    expect(appends).toEqual([
      ['TenantProvisioningStarted'],
      ['CREATING_DATABASE', 'RUNNING_MIGRATIONS'],
      ['TenantProvisioned with CREATING_ADMIN, ASSIGNING_ROLES'],
    ]);
  });

  it("Tenantry's steps are on record before an application step is asked, and its answer at once", async () => {
    const asked: string[][] = [];
    const { appends } = await runJob({
      customSteps: ['open-account', 'send-welcome'],
      askedWith: (s) => asked.push(s),
    });
    expect(asked[0]).toEqual(expect.arrayContaining(['CREATING_DATABASE', 'ASSIGNING_ROLES']));
    expect(asked[1]).toContain('CUSTOM');
    expect(appends).toEqual([
      ['TenantProvisioningStarted'],
      ['CREATING_DATABASE', 'RUNNING_MIGRATIONS', 'CREATING_ADMIN', 'ASSIGNING_ROLES'],
      ['CUSTOM'],
      ['CUSTOM', 'TenantProvisioned'],
    ]);
  });

  it('a failed step: the steps done before it are recorded with the failure', async () => {
    const { appends } = await runJob({ failing: 'RUNNING_MIGRATIONS' });
    expect(appends).toEqual([['TenantProvisioningStarted'], ['CREATING_DATABASE', 'TenantProvisioningFailed']]);
  });
});
