import { connectNats, storedEventCodec } from '@tenantry/messaging';
import { TestSystem, waitFor } from '@tenantry/testing';
import { AckPolicy, DeliverPolicy } from 'nats';
import { FoundationClient, foundationWorld, stepsOnRecord, typesOf } from './foundation';

/** A crash anywhere loses no accepted request, duplicates no effect, leaves no tenant stuck. */
describe('surviving crashes', () => {
  const world = foundationWorld('crashes', { services: ['tenant-command'] });

  it('resumes a job after the provisioner is SIGKILLed mid-job: Active, each step once, one outcome', async () => {
    const doomed = await world.system.start('provisioner', {
      instance: 'doomed',
      env: { PROVISIONER_PAUSE_BEFORE_STEP: 'CREATING_ADMIN' },
    });
    await world.client.createTenant({ id: 'phoenix' });
    await doomed.waitForLog(/"tenantId":"phoenix".*paused before CREATING_ADMIN/, { within: '20s' });
    const beforeCrash = await world.client.events('phoenix');
    expect(stepsOnRecord(beforeCrash)).toEqual(['CREATING_DATABASE', 'RUNNING_MIGRATIONS']);

    await doomed.kill('SIGKILL');
    await world.system.start('provisioner', { instance: 'successor' });

    const events = await world.client.waitForEvent('phoenix', 'TenantProvisioned', '30s');
    expect(typesOf(events).filter((t) => t === 'TenantProvisioned' || t === 'TenantProvisioningFailed')).toEqual([
      'TenantProvisioned',
    ]);
    expect(stepsOnRecord(events)).toEqual([
      'CREATING_DATABASE',
      'RUNNING_MIGRATIONS',
      'CREATING_ADMIN',
      'ASSIGNING_ROLES',
    ]);
    expect(typesOf(events).filter((t) => t === 'TenantProvisioningStarted')).toHaveLength(1);
    expect(await world.client.query(`select name from tenant_phoenix.mikro_orm_migrations`)).toHaveLength(1);
    expect(await world.client.query(`select email from tenant_phoenix.users`)).toEqual([{ email: 'owner@acme.test' }]);
  });

  it('redoes a step whose work was done but not recorded (killed in between), without a second user or role grant', async () => {
    // The risky window: the work took effect, its CompleteStep is not appended, so the redelivered job runs it again.
    await world.system.services.get('successor')?.stop();
    const killedAfterAdmin = await world.system.start('provisioner', {
      instance: 'killed-after-admin',
      env: { PROVISIONER_PAUSE_AFTER_STEP: 'CREATING_ADMIN' },
    });
    await world.client.createTenant({ id: 'lazarus' });
    await killedAfterAdmin.waitForLog(/"tenantId":"lazarus".*paused after CREATING_ADMIN/, { within: '20s' });
    expect(await world.client.query(`select email from tenant_lazarus.users`)).toEqual([{ email: 'owner@acme.test' }]);
    expect(stepsOnRecord(await world.client.events('lazarus'))).toEqual(['CREATING_DATABASE', 'RUNNING_MIGRATIONS']);
    await killedAfterAdmin.kill('SIGKILL');

    const killedAfterRoles = await world.system.start('provisioner', {
      instance: 'killed-after-roles',
      env: { PROVISIONER_PAUSE_AFTER_STEP: 'ASSIGNING_ROLES' },
    });
    await killedAfterRoles.waitForLog(/"tenantId":"lazarus".*paused after ASSIGNING_ROLES/, { within: '20s' });
    expect(await grantsOf(world.client, 'lazarus')).toEqual([{ email: 'owner@acme.test', role: 'admin' }]);
    expect(stepsOnRecord(await world.client.events('lazarus'))).toEqual([
      'CREATING_DATABASE',
      'RUNNING_MIGRATIONS',
      'CREATING_ADMIN',
    ]);
    await killedAfterRoles.kill('SIGKILL');
    await world.system.start('provisioner', { instance: 'successor' });

    const events = await world.client.waitForEvent('lazarus', 'TenantProvisioned', '30s');
    expect(typesOf(events).filter((t) => t === 'TenantProvisioned' || t === 'TenantProvisioningFailed')).toEqual([
      'TenantProvisioned',
    ]);
    expect(stepsOnRecord(events)).toEqual([
      'CREATING_DATABASE',
      'RUNNING_MIGRATIONS',
      'CREATING_ADMIN',
      'ASSIGNING_ROLES',
    ]);
    expect(await world.client.query(`select email from tenant_lazarus.users`)).toEqual([{ email: 'owner@acme.test' }]);
    expect(await world.client.query(`select name from tenant_lazarus.roles where name = 'admin'`)).toEqual([
      { name: 'admin' },
    ]);
    expect(await grantsOf(world.client, 'lazarus')).toEqual([{ email: 'owner@acme.test', role: 'admin' }]);
  });

  it('relays every event exactly once to JetStream across a SIGKILL of tenant-command', async () => {
    // Without a provisioner, only the commands below append: the store stops changing once they are answered.
    await world.system.services.get('successor')?.stop();
    const requests = Array.from({ length: 40 }, (_, i) => world.client.createTenant({ id: `burst-${i}` }));
    // Kill the relay's process while the burst is being appended and published.
    await waitFor(
      () => world.client.events('burst-5'),
      (events) => events.length > 0,
      { description: 'burst under way' },
    );
    await world.system.services.get('tenant-command')!.kill('SIGKILL');
    const replies = await Promise.allSettled(requests);
    const accepted = replies.filter((r) => r.status === 'fulfilled' && r.value.ok).length;
    await world.system.start('tenant-command', { instance: 'tenant-command-2' });

    const stored = await world.client.store.readAll({ limit: 100_000 });
    const storedIds = new Set(stored.map((e) => e.id));
    const acceptedTenants = stored.filter(
      (e) => e.type === 'TenantRequested' && String(e.data['tenantId']).startsWith('burst-'),
    );
    expect(acceptedTenants.length).toBeGreaterThanOrEqual(accepted);

    const seen = await waitFor(
      () => readWholeStream(world.system),
      (ids) => ids.length >= storedIds.size,
      {
        within: '20s',
        description: `${storedIds.size} events on JetStream`,
      },
    );
    expect(seen).toHaveLength(storedIds.size);
    expect(new Set(seen)).toEqual(storedIds);
  });
});

/** Every (user, role) row of a tenant's user_roles. */
function grantsOf(client: FoundationClient, tenantId: string): Promise<Record<string, unknown>[]> {
  return client.query(
    `select u.email, r.name as role from tenant_${tenantId}.user_roles ur
     join tenant_${tenantId}.users u on u.id = ur.user_id join tenant_${tenantId}.roles r on r.id = ur.role_id`,
  );
}

/** Reads every message of the stream with a fresh consumer: the ids a new consumer would see. */
async function readWholeStream(system: TestSystem): Promise<string[]> {
  const nats = await connectNats({ url: system.natsUrl, name: 'stream-reader' });
  try {
    const stream = `${system.prefix.toUpperCase()}_TENANT_EVENTS`;
    const jsm = await nats.jetstreamManager();
    const info = await jsm.streams.info(stream);
    const consumer = await jsm.consumers.add(stream, {
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      inactive_threshold: 30e9,
    });
    const messages = await nats.jetstream().consumers.get(stream, consumer.name);
    const ids: string[] = [];
    while (ids.length < info.state.messages) {
      const batch = await messages.fetch({ max_messages: 500, expires: 2000 });
      let got = 0;
      for await (const message of batch) {
        ids.push(storedEventCodec.decode(message.data).id);
        got += 1;
      }
      if (got === 0) break;
    }
    await jsm.consumers.delete(stream, consumer.name);
    return ids;
  } finally {
    await nats.close();
  }
}
