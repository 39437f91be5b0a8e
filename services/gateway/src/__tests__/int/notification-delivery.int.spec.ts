import { postgresEventStore, PostgresEventStore } from '@tenantry/event-store';
import { streamNameOf } from '@tenantry/tenant-domain';
import { waitFor } from '@tenantry/testing';
import { followNotifications, NotificationResult, NOTIFICATION_FIELDS } from '../graphql-client';
import { GatewayWorld } from '../gateway-world';

/** Notification delivery over graphql-ws: every tab, resume by cursor, gateway restarts. */
// Three services start per file; under a loaded machine that takes a while.
jest.setTimeout(180_000);

describe('notification delivery', () => {
  let world: GatewayWorld;
  let store: PostgresEventStore;
  const socket = () => world.socket();
  const missedSince = async (after: string) =>
    (
      await world.query<{ notifications: NotificationResult[] }>(
        `query($after: Cursor) { notifications(after: $after) { ${NOTIFICATION_FIELDS} } }`,
        { after },
      )
    ).data!.notifications;

  beforeAll(async () => {
    // Slow steps, so that a test can stop the gateway while a tenant is provisioning.
    world = await GatewayWorld.start('gw_delivery', { provisionerEnv: { PROVISIONER_STEP_DELAY_MS: '700' } });
    store = postgresEventStore({ connectionString: world.system.database.url });
  });
  afterAll(async () => {
    await store?.close();
    await world?.dispose();
  });

  it('(6) delivers each notification to every open socket of the user', async () => {
    const tabs = [await world.followNotifications(socket().client), await world.followNotifications(socket().client)];
    await world.createTenant({ id: 'two-tabs', name: 'Two Tabs' });
    const [first, second] = await Promise.all(
      tabs.map((tab) =>
        tab.notifications.next((n) => n.type === 'TENANT_CREATED' && n.tenantId === 'two-tabs', { within: '30s' }),
      ),
    );
    expect(second).toEqual(first);
    const progressCounts = tabs.map((tab) => tab.notifications.all.filter((n) => n.tenantId === 'two-tabs').length);
    expect(progressCounts[0]).toBe(progressCounts[1]);
  });

  it('(10) replays exactly what was missed while disconnected, in order, then goes on live', async () => {
    const before = socket();
    const feed = await world.followNotifications(before.client);
    await world.createTenant({ id: 'first', name: 'First' });
    await world.createTenant({ id: 'second', name: 'Second' });
    for (const id of ['first', 'second'])
      await feed.notifications.next((n) => n.type === 'TENANT_CREATED' && n.tenantId === id, { within: '30s' });
    const lastSeen = feed.notifications.all.at(-1)!.cursor;
    expect(await missedSince(lastSeen)).toEqual([]);
    await before.dispose();

    const first = await world.updateTenant('first', { name: 'First Renamed' });
    await world.waitForTenant('first', (t) => t?.status === 'ACTIVE' && t.name === 'First Renamed', 'renamed');
    const second = await world.updateTenant('second', { name: 'Second Renamed' });
    await world.waitForTenant('second', (t) => t?.status === 'ACTIVE' && t.name === 'Second Renamed', 'renamed');
    const missed = await waitFor(
      () => missedSince(lastSeen),
      (list) => list.filter((n) => n.type === 'TENANT_UPDATED').length === 2,
      {
        within: '10s',
        description: 'two TENANT_UPDATED after the last cursor seen',
      },
    );

    const resumed = followNotifications(socket().client, { after: lastSeen });
    const replayed = await resumed.notifications.take(missed.length, () => true, {
      within: '10s',
      description: 'the missed notifications',
    });
    expect(replayed).toEqual(missed);
    expect(replayed.filter((n) => n.type === 'TENANT_UPDATED').map((n) => [n.tenantId, n.operationId])).toEqual([
      ['first', first.data!.updateTenant.operationId],
      ['second', second.data!.updateTenant.operationId],
    ]);
    expect(replayed.every((n) => [first, second].some((r) => r.data!.updateTenant.operationId === n.operationId))).toBe(
      true,
    );
    await resumed.notifications.expectNothing(() => true, { within: '1s' });

    await world.updateTenant('first', { name: 'First Live' });
    const live = await resumed.notifications.next((n) => n.type === 'TENANT_UPDATED', { within: '30s' });
    expect(live.tenantId).toBe('first');
    expect(replayed.map((n) => n.cursor)).not.toContain(live.cursor);
  });

  it('(11) still delivers a notification after the gateway restarts mid-provisioning, from the cursor', async () => {
    const before = socket();
    const feed = await world.followNotifications(before.client);
    const accepted = await world.createTenant({ id: 'restarted', name: 'Restarted' });
    expect(accepted.errors).toBeUndefined();
    const progress = await feed.notifications.next(
      (n) => n.type === 'TENANT_PROVISIONING_PROGRESS' && n.tenantId === 'restarted',
      { within: '30s' },
    );

    await world.gateway.stop();
    await before.closed.next(() => true, { within: '10s' });
    await waitFor(
      () => store.readStream(streamNameOf('restarted')),
      (events) => events.some((e) => e.type === 'TenantProvisioned'),
      {
        within: '30s',
        description: 'TenantProvisioned in the store while the gateway is down',
      },
    );

    await world.startGateway();
    const resumed = followNotifications(socket().client, { after: progress.cursor });
    const created = await resumed.notifications.next((n) => n.type === 'TENANT_CREATED' && n.tenantId === 'restarted', {
      within: '30s',
    });
    expect(created.message).toContain('Restarted');
    expect(created.operationId).toBe(accepted.data!.createTenant.operationId);
    expect(resumed.notifications.all.map((n) => n.cursor)).not.toContain(progress.cursor);
  });
});
