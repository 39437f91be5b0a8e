import { waitFor } from '@tenantry/testing';
import { foundationWorld } from './foundation';

/** HIGH jobs overtake queued ones; LOW jobs age and never starve under a NORMAL flood. */
describe('job priority', () => {
  const world = foundationWorld('priority', {
    env: { PROVISIONER_CONCURRENCY: '1', PROVISIONER_STEP_DELAY_MS: '60', PROVISIONER_PRIORITY_AGING_MS: '1500' },
    services: ['tenant-command'],
  });

  beforeAll(async () => {
    await world.client.waitForEvent('root', 'TenantRequested');
  });

  /** Tenant ids in the order their jobs started. */
  const startOrder = async () =>
    (await world.client.store.readAll({ limit: 100_000 }))
      .filter((e) => e.type === 'TenantProvisioningStarted')
      .map((e) => String(e.data['tenantId']));

  it('starts a HIGH job before the NORMAL ones queued ahead of it', async () => {
    for (let i = 0; i < 8; i++) await world.client.createTenant({ id: `normal-${i}`, priority: 'NORMAL' });
    await world.client.createTenant({ id: 'urgent', priority: 'HIGH' });
    // The queue is full before any worker runs, so order is decided by priority alone.
    await world.system.start('provisioner');
    const order = await waitFor(startOrder, (o) => o.includes('normal-7'), {
      within: '60s',
      description: 'all jobs started',
    });
    const afterRoot = order.filter((id) => id !== 'root');
    expect(afterRoot.indexOf('urgent')).toBeLessThanOrEqual(1);
  });

  it('lets a LOW job through while NORMAL jobs keep coming', async () => {
    await world.client.createTenant({ id: 'patient', priority: 'LOW' });
    let flooding = true;
    let sent = 0;
    const flood = (async () => {
      while (flooding && sent < 60) await world.client.createTenant({ id: `flood-${sent++}`, priority: 'NORMAL' });
    })();
    const order = await waitFor(startOrder, (o) => o.includes('patient'), {
      within: '60s',
      description: 'the LOW job started',
    });
    flooding = false;
    await flood;
    const floodStartedBeforeLow = order.filter((id) => id.startsWith('flood-')).length;
    expect(floodStartedBeforeLow).toBeLessThan(sent);
  });
});
