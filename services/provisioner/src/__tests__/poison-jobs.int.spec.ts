import { connect } from 'nats';
import { natsNames } from '@tenantry/messaging';
import { waitFor } from '@tenantry/testing';
import { foundationWorld } from './foundation';

/**
 * A job that throws on every delivery is given up after PROVISIONER_MAX_DELIVERIES:
 * the tenant ends FAILED saying so and why, and the message is not delivered again.
 */
describe('a poison job', () => {
  const world = foundationWorld('poison_jobs', {
    env: { PROVISIONER_POISON_TENANT: 'poison', PROVISIONER_MAX_DELIVERIES: '3' },
  });

  const provisionerLines = (text: string) =>
    world.system.services
      .get('provisioner')!
      .logs.filter((line) => line.includes(text) && line.includes('"tenantId":"poison"'));

  it('fails the tenant after 3 deliveries with the reason, and is not delivered again', async () => {
    await world.client.createTenant({ id: 'poison' });
    const events = await world.client.waitForEvent('poison', 'TenantProvisioningFailed', '60s');
    const failed = events.find((e) => e.type === 'TenantProvisioningFailed')!;
    expect(failed.data['error']).toBe(
      'The job was given up after 3 deliveries: test hook PROVISIONER_POISON_TENANT: the job of poison throws on every delivery. Fix the cause, then retry.',
    );
    // The event is appended before the line is logged: wait for the line, then count.
    await world.system.services.get('provisioner')!.waitForLog(/job given up: its operation failed/, { within: '10s' });
    expect(provisionerLines('job interrupted')).toHaveLength(2);
    expect(provisionerLines('job given up: its operation failed')).toHaveLength(1);

    // Ended for good: nothing of it is waiting for an ack or a redelivery.
    const nats = await connect({ servers: world.system.natsUrl });
    try {
      const names = natsNames(world.system.prefix);
      const jsm = await nats.jetstreamManager();
      const consumer = await waitFor(
        () => jsm.consumers.info(names.stream, names.consumers.provisioner),
        (info) => info.num_ack_pending === 0 && info.num_pending === 0,
        { description: 'the provisioner consumer to have nothing pending' },
      );
      expect(consumer.num_ack_pending).toBe(0);
    } finally {
      await nats.close();
    }
  });

  it('leaves other tenants alone', async () => {
    await world.client.createTenant({ id: 'healthy' });
    await world.client.waitForEvent('healthy', 'TenantProvisioned', '60s');
  });
});
