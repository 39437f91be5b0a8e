import { waitFor } from '@tenantry/testing';
import type { LiveFeed, NotificationView, TenantView } from '../ports';
import { createReadSide, ReadSide } from '../read-side';
import { createReadSideWorld, inboxOf, ReadSideWorld } from './read-side-world';
import { ALICE, BOB, provisioned, provisioningStarted, stepCompleted, tenantRequested, updateRequested, updated } from './tenant-events';

/** Creation events up to (not including) the outcome: three progress notifications. */
const threeSteps = (tenantId: string, requestedBy = ALICE) => [
  tenantRequested(tenantId, { requestedBy }),
  provisioningStarted(tenantId, { requestedBy }),
  stepCompleted(tenantId, 'CREATING_DATABASE', { requestedBy }),
  stepCompleted(tenantId, 'RUNNING_MIGRATIONS', { requestedBy }),
  stepCompleted(tenantId, 'CREATING_ADMIN', { requestedBy }),
];

describe('notification feeds', () => {
  let world: ReadSideWorld;
  let readSide: ReadSide;
  const feeds: Array<LiveFeed<unknown>> = [];
  const track = <T>(feed: LiveFeed<T>) => {
    feeds.push(feed as LiveFeed<unknown>);
    return feed;
  };
  const notificationsOf = (userId: string) => readSide.queries.notifications({ kind: 'MINE', userId }, { first: 1000 });
  const projected = (userId: string, count: number) =>
    waitFor(() => notificationsOf(userId), (list) => list.length >= count, { description: `${count} notifications for ${userId}` });

  beforeAll(async () => {
    world = await createReadSideWorld('feed');
    readSide = await createReadSide({ databaseUrl: world.database.url, prefix: world.prefix, nats: world.nats });
  });
  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.close()));
    await readSide?.close();
    await world?.dispose();
  });

  it('resumed with a cursor, gives exactly the missed notifications in order, then live ones', async () => {
    await world.publish(...threeSteps('one'));
    const seen = await projected(ALICE, 3);
    const cursor = seen[0]!.cursor;

    const inbox = inboxOf(track(readSide.feed.subscribe({ kind: 'MINE', userId: ALICE }, cursor)));
    const missed = await inbox.take(2, () => true, { description: 'the two missed notifications' });
    expect(missed.map((n) => n.cursor)).toEqual([seen[1]!.cursor, seen[2]!.cursor]);

    await world.publish(stepCompleted('one', 'ASSIGNING_ROLES'), provisioned('one'));
    const live = await inbox.take(2, () => true, { description: 'two live notifications' });
    expect(live.map((n) => n.type)).toEqual(['TENANT_PROVISIONING_PROGRESS', 'TENANT_CREATED']);
    expect(BigInt(live[0]!.cursor)).toBeGreaterThan(BigInt(seen[2]!.cursor));
    await inbox.expectNothing(() => true, { within: '300ms' });
    expect(new Set(inbox.all.map((n) => n.cursor)).size).toBe(inbox.all.length);
  });

  it('misses nothing and repeats nothing when notifications are committed while it replays', async () => {
    const before = (await notificationsOf(ALICE)).at(-1)!.cursor;
    const publishing = world.publish(...threeSteps('busy'), provisioned('busy'));
    const inbox = inboxOf(track(readSide.feed.subscribe({ kind: 'MINE', userId: ALICE }, before)));
    await publishing;
    const all = await inbox.take(4, () => true, { description: "busy's four notifications" });
    expect(all.map((n) => [n.tenantId, n.type])).toEqual([
      ['busy', 'TENANT_PROVISIONING_PROGRESS'], ['busy', 'TENANT_PROVISIONING_PROGRESS'],
      ['busy', 'TENANT_PROVISIONING_PROGRESS'], ['busy', 'TENANT_CREATED'],
    ]);
    await inbox.expectNothing(() => true, { within: '300ms' });
  });

  it('reaches every open feed of the user, and no feed of another user on MINE', async () => {
    const tab1 = inboxOf(track(readSide.feed.subscribe({ kind: 'MINE', userId: BOB })));
    const tab2 = inboxOf(track(readSide.feed.subscribe({ kind: 'MINE', userId: BOB })));
    const alice = inboxOf(track(readSide.feed.subscribe({ kind: 'MINE', userId: ALICE })));
    await waitFor(async () => (await world.nats.flush(), true));

    await world.publish(updateRequested('one', { requestedBy: BOB }), updated('one', { requestedBy: BOB, name: 'One Ltd' }));
    for (const tab of [tab1, tab2]) {
      expect(await tab.next((n) => n.type === 'TENANT_UPDATED', { description: "Bob's TENANT_UPDATED" })).toMatchObject({
        recipientId: BOB, tenantId: 'one', message: "Tenant 'One Ltd' was updated",
      });
    }
    await alice.expectNothing(() => true, { within: '300ms', description: 'anything for Alice' });
  });

  it('ALL sees every user’s notifications', async () => {
    const before = (await readSide.queries.notifications({ kind: 'ALL' }, { first: 1000 })).at(-1)!.cursor;
    const inbox = inboxOf(track(readSide.feed.subscribe({ kind: 'ALL' }, before)));
    await world.publish(...threeSteps('two', BOB).slice(0, 3), stepCompleted('one', 'APPLYING_UPDATE', { requestedBy: ALICE, operationId: 'op-x' }));
    const received = await inbox.take(2, () => true, { description: "Bob's and Alice's notifications" });
    expect(received.map((n) => n.recipientId).sort()).toEqual([ALICE, BOB]);
  });

  it('without a cursor, starts live: ALL gives what is committed after it subscribed, nothing older', async () => {
    const inbox = inboxOf(track(readSide.feed.subscribe({ kind: 'ALL' })));
    await waitFor(async () => (await world.nats.flush(), true));
    await world.publish(stepCompleted('two', 'RUNNING_MIGRATIONS', { requestedBy: BOB }));
    const [first] = await inbox.take(1, () => true, { description: 'the live notification on ALL' });
    expect(first).toMatchObject({ tenantId: 'two', step: 'RUNNING_MIGRATIONS', recipientId: BOB });
    await inbox.expectNothing(() => true, { within: '300ms' });
  });

  it('resumes across a restart of the gateway: the cursor is the table id', async () => {
    const last = (await notificationsOf(ALICE)).at(-1)!.cursor;
    await readSide.close();
    await world.publish(...threeSteps('three'));
    readSide = await createReadSide({ databaseUrl: world.database.url, prefix: world.prefix, nats: world.nats });
    const inbox = inboxOf(track(readSide.feed.subscribe({ kind: 'MINE', userId: ALICE }, last)));
    const missed = await inbox.take(3, () => true, { description: "three's notifications after the restart" });
    expect(missed.map((n) => n.tenantId)).toEqual(['three', 'three', 'three']);
  });

  it('pushes the tenant view after every committed change', async () => {
    const changes = inboxOf<TenantView>(track(readSide.feed.tenantChanges('four')));
    await waitFor(async () => (await world.nats.flush(), true));
    await world.publish(tenantRequested('four'), provisioningStarted('four'));
    const views = await changes.take(2, () => true, { description: "four's two views" });
    expect(views.map((v) => [v.status, v.version])).toEqual([['PENDING', 0], ['PROVISIONING', 1]]);
    expect(views[0]!.createdAt).toBeInstanceOf(Date);
    expect(views[0]!.databaseSecret).toBeNull();
  });

  it('ends a feed at once when it is closed, even while waiting for the next item', async () => {
    const feed = readSide.feed.subscribe({ kind: 'MINE', userId: 'nobody' });
    const iterator = feed[Symbol.asyncIterator]();
    const pending = iterator.next();
    await feed.close();
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});

export type { NotificationView };
