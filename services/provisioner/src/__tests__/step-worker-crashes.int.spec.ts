import { join } from 'node:path';
import { ServiceProcess, spawnService } from '@tenantry/testing';
import { foundationWorld, typesOf } from './foundation';

const EXAMPLE = join(__dirname, '..', '..', '..', '..', 'examples', 'notes-saas');
const EXAMPLE_WORKER = join(EXAMPLE, 'worker', 'dist', 'main.js');

/**
 * The example's step worker `seed-welcome-note`, killed mid-step, and the provisioner with
 * it: the tenant ends ACTIVE and its welcome note exists once.
 */
describe('a step worker or the provisioner SIGKILLed mid-step', () => {
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

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop({ grace: '5s' })));
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
    expect(await welcomeNotes('tenant_orchid')).toEqual([{ title: 'Welcome', body: 'Welcome to Acme FC! This is your first note.' }]);
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
    expect(await welcomeNotes('tenant_lotus')).toEqual([{ title: 'Welcome', body: 'Welcome to Acme FC! This is your first note.' }]);
  });
});
