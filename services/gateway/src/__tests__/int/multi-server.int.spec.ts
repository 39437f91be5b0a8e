import { waitFor } from '@tenantry/testing';
import { socketClient } from '../graphql-client';
import { GatewayWorld } from '../gateway-world';

/**
 * Several servers of each kind, as separate OS processes with their own environment:
 * two gateways, two tenant-commands (one active relay), two provisioners.
 */
jest.setTimeout(240_000);

describe('running on many servers', () => {
  let world: GatewayWorld;
  let firstGateway: string;
  let secondGateway: string;

  beforeAll(async () => {
    world = await GatewayWorld.start('multi_server', {
      provisionerEnv: { PROVISIONER_STEP_DELAY_MS: '150', PROVISIONER_CONCURRENCY: '2' },
    });
    firstGateway = world.url;
    await world.system.start('tenant-command', { instance: 'tenant-command-b' });
    await world.system.start('provisioner', {
      instance: 'provisioner-b',
      env: { PROVISIONER_STEP_DELAY_MS: '150', PROVISIONER_CONCURRENCY: '2' },
    });
    secondGateway = await world.startGateway();
  });
  afterAll(async () => {
    await world?.dispose();
  });

  const jobsRunBy = (instance: string) =>
    world.system.services.get(instance)!.logs.filter((line) => line.includes('"msg":"job started"')).length;

  it('notifies the user on gateway B of a command sent through gateway A', async () => {
    const onB = socketClient(secondGateway, world.rootToken);
    try {
      const feed = await world.followNotifications(onB.client); // world.gateway is B, the last started
      world.url = firstGateway;
      expect((await world.createTenant({ id: 'cross-gateway', name: 'Cross Gateway' })).data?.createTenant.status).toBe(
        'PENDING',
      );
      const note = await feed.notifications.next((n) => n.type === 'TENANT_CREATED' && n.tenantId === 'cross-gateway', {
        within: '60s',
      });
      expect(note.message).toContain('Cross Gateway');
    } finally {
      await onB.dispose();
    }
  });

  it('spreads jobs over both provisioners', async () => {
    world.url = secondGateway;
    for (let i = 0; i < 12; i++) await world.createTenant({ id: `spread-${i}` });
    for (let i = 0; i < 12; i++)
      await world.waitForTenant(`spread-${i}`, (t) => t?.status === 'ACTIVE', 'active', '90s');
    expect(jobsRunBy('provisioner')).toBeGreaterThan(0);
    expect(jobsRunBy('provisioner-b')).toBeGreaterThan(0);
  });

  it('lets the other provisioner finish a job whose provisioner was SIGKILLed mid-job', async () => {
    const doomed = await world.system.start('provisioner', {
      instance: 'provisioner-doomed',
      env: { PROVISIONER_PAUSE_BEFORE_STEP: 'CREATING_ADMIN' },
    });
    // Only the doomed provisioner and B remain; the first one stops so the job may land on the doomed one.
    await world.system.services.get('provisioner')!.stop();
    let attempt = 0;
    let victim = '';
    while (!victim && attempt < 10) {
      const id = `orphan-${attempt++}`;
      await world.createTenant({ id });
      await world.waitForTenant(
        id,
        (t) =>
          t?.status === 'ACTIVE' ||
          doomed.logs.some((l) => l.includes(`paused before CREATING_ADMIN`) && l.includes(id)),
        'active or paused',
        '60s',
      );
      if (doomed.logs.some((l) => l.includes('paused before CREATING_ADMIN') && l.includes(id))) victim = id;
    }
    expect(victim).not.toBe('');
    await doomed.kill('SIGKILL');
    const tenant = await world.waitForTenant(
      victim,
      (t) => t?.status === 'ACTIVE',
      'finished by the other provisioner',
      '60s',
    );
    expect(tenant.status).toBe('ACTIVE');
  });

  it('keeps one active relay, and the standby takes over when the leader dies', async () => {
    const relayLeaders = () =>
      ['tenant-command', 'tenant-command-b'].filter((name) => {
        const logs = world.system.services.get(name)!.logs;
        const lastRole = logs.filter((l) => /relay is (leader|standby)/.test(l)).at(-1) ?? '';
        return lastRole.includes('relay is leader');
      });
    expect(
      await waitFor(relayLeaders, (leaders) => leaders.length === 1, { description: 'exactly one relay leader' }),
    ).toHaveLength(1);
    const [leader] = relayLeaders();
    await world.system.services.get(leader!)!.kill('SIGKILL');
    const survivor = leader === 'tenant-command' ? 'tenant-command-b' : 'tenant-command';
    await world.system.services.get(survivor)!.waitForLog(/relay is leader/, { within: '30s' });
    world.url = firstGateway;
    await world.createTenant({ id: 'after-failover' });
    await world.waitForTenant('after-failover', (t) => t?.status === 'ACTIVE', 'active after failover', '60s');
  });
});
