import { join } from 'node:path';
import { createTestDatabase, ServiceProcess, spawnService, TestDatabase } from '@tenantry/testing';
import { foundationWorld, typesOf } from './foundation';

const EXAMPLE = join(__dirname, '..', '..', '..', '..', 'examples', 'notes-saas');
const EXAMPLE_WORKER = join(EXAMPLE, 'worker', 'dist', 'main.js');

/**
 * The example's step worker `seed-welcome-note` writes the welcome note in every database
 * mode; killed mid-step, and the provisioner with it, the tenant still ends ACTIVE with
 * its welcome note once.
 */
jest.setTimeout(120_000);

describe("the example's step worker seed-welcome-note", () => {
  // The example application: its migrations make `notes`, its worker writes the welcome note.
  const world = foundationWorld('step-crashes', {
    services: ['tenant-command'],
    env: { TENANT_STEPS: 'seed-welcome-note', TENANT_MIGRATIONS_DIR: join(EXAMPLE, 'migrations') },
  });
  const workers: ServiceProcess[] = [];

  const startExampleWorker = async (name: string, env: Record<string, string> = {}) => {
    const worker = spawnService(EXAMPLE_WORKER, { ...world.system.env, ...env }, { name });
    workers.push(worker);
    await worker.waitForLog(/step worker ready/, { within: '30s' });
    return worker;
  };
  const welcomeNotes = async (schema: string) =>
    world.client.query<{ title: string; body: string }>(`select title, body from "${schema}".notes`);

  let external: TestDatabase | undefined;
  beforeAll(async () => {
    await world.system.start('provisioner');
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop({ grace: '5s' })));
    await external?.drop();
  });

  it('writes the welcome note into a SHARED, an ISOLATED and an EXTERNAL tenant', async () => {
    const worker = await startExampleWorker('worker-for-modes');
    external = await createTestDatabase('steps_external');
    await world.client.createTenant({ id: 'notes-shared' });
    await world.client.createTenant({ id: 'notes-isolated', database: 'ISOLATED' });
    const externalUrl = new URL(external.url);
    externalUrl.password = 'ext-s3cret-pw'; // the local server trusts; the worker never sees it
    expect(
      await world.client.createTenant({
        id: 'notes-external',
        database: 'EXTERNAL',
        connectionString: externalUrl.toString(),
      }),
    ).toMatchObject({ ok: true });
    for (const id of ['notes-shared', 'notes-isolated', 'notes-external'])
      await world.client.waitForEvent(id, 'TenantProvisioned', '60s');
    const welcome = [{ title: 'Welcome', body: 'Welcome to Acme FC! This is your first note.' }];
    expect(await welcomeNotes('tenant_notes_shared')).toEqual(welcome);
    const isolated = new URL(world.system.database.url);
    isolated.pathname = `/${world.system.prefix}_notes_isolated`;
    expect(
      await world.client.query(`select title, body from tenant_notes_isolated.notes`, [], isolated.toString()),
    ).toEqual(welcome);
    expect(await world.client.query(`select title, body from tenant_notes_external.notes`, [], external.url)).toEqual(
      welcome,
    );
    await worker.stop();
  });

  it('worker killed after writing, before answering: asked again with the same key, ACTIVE, one welcome note', async () => {
    const doomed = await startExampleWorker('doomed-worker', { SEED_WELCOME_NOTE_HANG_AFTER_WRITE: '1' });
    await world.client.createTenant({ id: 'orchid' });
    await doomed.waitForLog(/hanging after the write.*orchid|orchid.*hanging after the write/, { within: '30s' });
    await doomed.kill('SIGKILL');
    await startExampleWorker('successor-worker');

    const events = await world.client.waitForEvent('orchid', 'TenantProvisioned', '60s');
    expect(typesOf(events).filter((t) => t === 'TenantProvisioningFailed')).toEqual([]);
    expect(events.filter((e) => e.data['stepName'] === 'seed-welcome-note')).toHaveLength(1);
    expect(await welcomeNotes('tenant_orchid')).toEqual([
      { title: 'Welcome', body: 'Welcome to Acme FC! This is your first note.' },
    ]);
  });

  it('provisioner and worker killed mid-step: the job is redelivered, the step asked again, ACTIVE, one welcome note', async () => {
    await world.system.services.get('provisioner')!.stop();
    await Promise.all(workers.splice(0).map((w) => w.stop({ grace: '5s' })));
    const provisioner = await world.system.start('provisioner', { instance: 'doomed-provisioner' });
    const worker = await startExampleWorker('doomed-worker-2', { SEED_WELCOME_NOTE_HANG_AFTER_WRITE: '1' });
    await world.client.createTenant({ id: 'lotus' });
    await worker.waitForLog(/hanging after the write.*lotus|lotus.*hanging after the write/, { within: '30s' });
    await Promise.all([provisioner.kill('SIGKILL'), worker.kill('SIGKILL')]);

    await world.system.start('provisioner', { instance: 'successor-provisioner' });
    await startExampleWorker('successor-worker-2');
    const events = await world.client.waitForEvent('lotus', 'TenantProvisioned', '60s');
    expect(typesOf(events).filter((t) => t === 'TenantProvisioned' || t === 'TenantProvisioningFailed')).toEqual([
      'TenantProvisioned',
    ]);
    expect(events.filter((e) => e.data['stepName'] === 'seed-welcome-note')).toHaveLength(1);
    expect(await welcomeNotes('tenant_lotus')).toEqual([
      { title: 'Welcome', body: 'Welcome to Acme FC! This is your first note.' },
    ]);
  });
});
