import { followNotifications, NotificationResult, NOTIFICATION_FIELDS } from '../graphql-client';
import { GatewayWorld } from '../gateway-world';

/**
 * Broadcast to administrators (issue 6, item 6): a root administrator who opts in
 * (`receiveAll`) receives every tenant notification on their default MINE feed, live
 * and replayed, from the next subscription on; nobody else may opt in.
 */
jest.setTimeout(180_000);

const SET_RECEIVE_ALL =
  'mutation($all: Boolean) { setNotificationPreferences(receiveAll: $all) { receiveAll emailFallback } }';

describe('receiving every notification (receiveAll)', () => {
  let world: GatewayWorld;
  const socket = (token: string) => world.socket(token);

  beforeAll(async () => {
    world = await GatewayWorld.start('gw_prefs');
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it('is refused to a tenant administrator (FORBIDDEN)', async () => {
    await world.createTenant({ id: 'tenant-admins', name: 'Tenant Admins' });
    await world.waitForTenant('tenant-admins', (t) => t?.status === 'ACTIVE', 'active', '60s');
    const token = await world.waitForLogin('tenant-admins', 'owner@acme.test', 'Correct-Horse-Battery-42');
    const refused = await world.query(SET_RECEIVE_ALL, { all: true }, token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await world.query('{ notificationPreferences { receiveAll } }', {}, token)).data).toEqual({
      notificationPreferences: { receiveAll: false },
    });
  });

  it("puts other administrators' notifications on an opted-in MINE feed, live and replayed, from the next subscription", async () => {
    const watcher = await world.administrator('watcher@tenantry.test');
    const before = await world.followNotifications(socket(watcher.token).client);
    // The older subscription is in place (its scope decided) once it carries the watcher's own notification.
    await world.createTenant({ id: 'watchers-own', name: "Watcher's Own" }, watcher.token);
    await before.notifications.next((n) => n.type === 'TENANT_CREATED' && n.tenantId === 'watchers-own', {
      within: '60s',
    });

    const opted = await world.query(SET_RECEIVE_ALL, { all: true }, watcher.token);
    expect(opted.data).toEqual({ setNotificationPreferences: { receiveAll: true, emailFallback: true } });
    const after = await world.followNotifications(socket(watcher.token).client);
    const created = await world.createTenant({ id: 'broadcast', name: 'Broadcast' });
    expect(created.errors).toBeUndefined();

    const live = await after.notifications.next((n) => n.type === 'TENANT_CREATED' && n.tenantId === 'broadcast', {
      within: '60s',
      description: "root's TENANT_CREATED on watcher's MINE feed",
    });
    expect(live.operationId).toBe(created.data!.createTenant.operationId);
    // The subscription opened before the change stays as it was: only what the watcher initiated.
    await before.notifications.expectNothing((n) => n.tenantId === 'broadcast', {
      within: '1s',
      description: "root's notification on the older MINE subscription",
    });

    const mine = await world.query<{ notifications: NotificationResult[] }>(
      `{ notifications(first: 500) { ${NOTIFICATION_FIELDS} } }`,
      {},
      watcher.token,
    );
    expect(mine.data!.notifications.map((n) => n.cursor)).toContain(live.cursor);

    const firstOfBroadcast = after.notifications.all.find((n) => n.tenantId === 'broadcast')!;
    const resumed = followNotifications(socket(watcher.token).client, {
      after: String(BigInt(firstOfBroadcast.cursor) - 1n),
    });
    const replayed = await resumed.notifications.next(
      (n) => n.type === 'TENANT_CREATED' && n.tenantId === 'broadcast',
      { within: '10s', description: 'the replayed TENANT_CREATED' },
    );
    expect(replayed).toEqual(live);
  });

  it('stops when turned off, for new subscriptions', async () => {
    const watcher = await world.login('root', 'watcher@tenantry.test', 'Correct-Horse-Battery-42');
    const token = watcher.data!.login.token;
    await world.query(SET_RECEIVE_ALL, { all: false }, token);
    const feed = await world.followNotifications(socket(token).client);
    await world.updateTenant('watchers-own', { name: 'Watcher Renamed' }, token);
    await feed.notifications.next((n) => n.type === 'TENANT_UPDATED' && n.tenantId === 'watchers-own', {
      within: '60s',
      description: "the watcher's own update: the feed is in place",
    });
    await world.updateTenant('broadcast', { name: 'Broadcast Renamed' });
    await world.waitForTenant('broadcast', (t) => t?.name === 'Broadcast Renamed' && t.status === 'ACTIVE', 'renamed');
    await feed.notifications.expectNothing((n) => n.tenantId === 'broadcast', {
      within: '1s',
      description: "root's update on a MINE feed no longer opted in",
    });
  });
});
