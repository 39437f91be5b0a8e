import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStepWorker, StepWorker } from '@tenantry/step-worker';
import { ServiceProcess, spawnService } from '@tenantry/testing';
import { Client } from 'pg';
import { foundationWorld, typesOf } from './foundation';

const EXAMPLE_WORKER = join(__dirname, '..', '..', '..', '..', 'examples', 'notes-saas', 'worker', 'dist', 'main.js');
const NOTES_TABLE = 'create table if not exists notes(id serial primary key, body text not null, created_at timestamptz default now())';

/**
 * The example's step worker `seed-welcome-note`, killed mid-step, and the provisioner with
 * it: the tenant ends ACTIVE and its welcome note exists once.
 */
describe('a step worker or the provisioner SIGKILLed mid-step', () => {
  // The example's first migration, for when TENANT_MIGRATIONS_DIR is supported; `prepare-notes` makes the
  // same table where it is not (create if missing), so the worker finds it either way.
  const migrations = mkdtempSync(join(tmpdir(), 'notes-migrations-'));
  writeFileSync(join(migrations, '001-notes.sql'), `${NOTES_TABLE};\n`);
  const world = foundationWorld('step-crashes', {
    services: ['tenant-command'],
    env: { TENANT_STEPS: 'prepare-notes,seed-welcome-note', TENANT_MIGRATIONS_DIR: migrations },
  });
  let prepareNotes: StepWorker;
  const workers: ServiceProcess[] = [];

  const startExampleWorker = async (name: string, env: Record<string, string> = {}) => {
    const worker = spawnService(EXAMPLE_WORKER, { ...world.system.env, ...env }, { name });
    workers.push(worker);
    await worker.waitForLog(/step worker ready/, { within: '30s' });
    return worker;
  };
  const welcomeNotes = async (schema: string) =>
    world.client.query<{ body: string }>(`select body from "${schema}".notes where body like 'Welcome to %'`);

  beforeAll(async () => {
    prepareNotes = await createStepWorker({
      natsUrl: world.system.natsUrl, prefix: world.system.prefix, step: 'prepare-notes',
      run: async (request) => {
        const client = new Client({ connectionString: world.system.database.url });
        await client.connect();
        try {
          await client.query(`set search_path to "${request.tenant.database.name}"`);
          await client.query(NOTES_TABLE);
        } finally {
          await client.end();
        }
      },
    });
  });
  afterAll(async () => {
    await prepareNotes?.stop();
    await Promise.all(workers.map((w) => w.stop({ grace: '5s' })));
    rmSync(migrations, { recursive: true, force: true });
  });

  it('worker killed after writing, before answering: asked again with the same key, ACTIVE, one welcome note', async () => {
    await world.system.start('provisioner');
    const doomed = await startExampleWorker('doomed-worker', { SEED_WELCOME_NOTE_HANG_AFTER_WRITE: '1' });
    await world.client.createTenant({ id: 'orchid' });
    await doomed.waitForLog(/hanging after the write.*orchid|orchid.*hanging after the write/, { within: '30s' });
    await doomed.kill('SIGKILL');
    await startExampleWorker('successor-worker');

    const events = await world.client.waitForEvent('orchid', 'TenantProvisioned', '60s');
    expect(typesOf(events).filter((t) => t === 'TenantProvisioningFailed')).toEqual([]);
    expect(events.filter((e) => e.data['stepName'] === 'seed-welcome-note')).toHaveLength(1);
    expect(await welcomeNotes('tenant_orchid')).toEqual([{ body: 'Welcome to Acme FC! This is your first note.' }]);
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
    expect(typesOf(events).filter((t) => t === 'TenantProvisioned' || t === 'TenantProvisioningFailed')).toEqual(['TenantProvisioned']);
    expect(events.filter((e) => e.data['stepName'] === 'seed-welcome-note')).toHaveLength(1);
    expect(await welcomeNotes('tenant_lotus')).toEqual([{ body: 'Welcome to Acme FC! This is your first note.' }]);
  });
});
