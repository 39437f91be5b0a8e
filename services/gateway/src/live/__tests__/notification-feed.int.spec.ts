import { testNats, waitFor, withClient } from '@tenantry/testing';
import { connect } from 'nats';
import { Client } from 'pg';
import type { NotificationScope, NotificationView, SqlReadModelQueries, TenantView } from '@tenantry/read-model';
import type { LiveFeed } from '../ports';
import { createReadSide } from '../../read-side';
import {
  createReadSideWorld,
  inboxOf,
  ReadSideWorld,
} from '../../../../../libs/read-model/src/__tests__/read-side-world';
import {
  ALICE,
  BOB,
  provisioned,
  provisioningStarted,
  stepCompleted,
  tenantRequested,
  updateRequested,
  updated,
} from '../../../../../libs/read-model/src/__tests__/tenant-events';

/** Creation events up to (not including) the outcome: three progress notifications. */
const CAROL = 'root/user-carol';

const threeSteps = (tenantId: string, requestedBy = ALICE) => [
  tenantRequested(tenantId, { requestedBy }),
  provisioningStarted(tenantId, { requestedBy }),
  stepCompleted(tenantId, 'CREATING_DATABASE', { requestedBy }),
  stepCompleted(tenantId, 'RUNNING_MIGRATIONS', { requestedBy }),
  stepCompleted(tenantId, 'CREATING_ADMIN', { requestedBy }),
];

describe('notification feeds', () => {
  let world: ReadSideWorld;
  let readSide: Awaited<ReturnType<typeof createReadSide>>;
  const feeds: Array<LiveFeed<unknown>> = [];
  const track = <T>(feed: LiveFeed<T>) => {
    feeds.push(feed);
    return feed;
  };
  const notificationsOf = (userId: string) =>
    readSide.queries.notifications({ kind: 'MINE', recipient: userId }, { first: 1000 });
  const projected = (userId: string, count: number) =>
    waitFor(
      () => notificationsOf(userId),
      (list) => list.length >= count,
      { description: `${count} notifications for ${userId}` },
    );
  /**
   * Opens `count` feeds without a cursor and waits until each has read where it starts
   * (the newest notification, read once its NATS interest is up). What the test commits
   * after that is theirs; on a loaded machine that read can come after the next commit.
   */
  const openLive = async (scope: NotificationScope, count = 1) => {
    const startingPoints = jest.spyOn(readSide.queries, 'latestCursor');
    try {
      const tabs = Array.from({ length: count }, () => track(readSide.feed.subscribe(scope)));
      const inboxes = tabs.map((tab) => inboxOf(tab));
      await waitFor(
        () => startingPoints.mock.calls.length,
        (n) => n === count,
        { description: `${count} live feeds to read where they start` },
      );
      await Promise.all(startingPoints.mock.results.map((result) => result.value));
      return { tabs, inboxes };
    } finally {
      startingPoints.mockRestore();
    }
  };

  /** A second read side of this world whose sweeps for lost announcements run every 100 ms. */
  const sweepingReadSide = () =>
    createReadSide({
      databaseUrl: world.database.url,
      prefix: world.prefix,
      nats: world.nats,
      lostAnnouncementSweepMs: 100,
    });

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

    const inbox = inboxOf(track(readSide.feed.subscribe({ kind: 'MINE', recipient: ALICE }, cursor)));
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
    const inbox = inboxOf(track(readSide.feed.subscribe({ kind: 'MINE', recipient: ALICE }, before)));
    await publishing;
    const all = await inbox.take(4, () => true, { description: "busy's four notifications" });
    expect(all.map((n) => [n.tenantId, n.type])).toEqual([
      ['busy', 'TENANT_PROVISIONING_PROGRESS'],
      ['busy', 'TENANT_PROVISIONING_PROGRESS'],
      ['busy', 'TENANT_PROVISIONING_PROGRESS'],
      ['busy', 'TENANT_CREATED'],
    ]);
    await inbox.expectNothing(() => true, { within: '300ms' });
  });

  it('reaches every open feed of the user, and no feed of another user on MINE', async () => {
    const bobTabs = (await openLive({ kind: 'MINE', recipient: BOB }, 2)).inboxes;
    const alice = (await openLive({ kind: 'MINE', recipient: ALICE })).inboxes[0]!;

    await world.publish(
      updateRequested('one', { requestedBy: BOB }),
      updated('one', { requestedBy: BOB, name: 'One Ltd' }),
    );
    for (const tab of bobTabs) {
      expect(await tab.next((n) => n.type === 'TENANT_UPDATED', { description: "Bob's TENANT_UPDATED" })).toMatchObject(
        {
          recipientId: BOB,
          tenantId: 'one',
          message: "Tenant 'One Ltd' was updated",
        },
      );
    }
    await alice.expectNothing(() => true, { within: '300ms', description: 'anything for Alice' });
  });

  it('ALL sees every user’s notifications', async () => {
    const before = (await readSide.queries.notifications({ kind: 'ALL' }, { first: 1000 })).at(-1)!.cursor;
    const inbox = inboxOf(track(readSide.feed.subscribe({ kind: 'ALL' }, before)));
    await world.publish(
      ...threeSteps('two', BOB).slice(0, 3),
      stepCompleted('one', 'APPLYING_UPDATE', { requestedBy: ALICE, operationId: 'op-x' }),
    );
    const received = await inbox.take(2, () => true, { description: "Bob's and Alice's notifications" });
    expect(received.map((n) => n.recipientId).sort()).toEqual([ALICE, BOB]);
  });

  it('without a cursor, starts live: ALL gives what is committed after it subscribed, nothing older', async () => {
    const inbox = (await openLive({ kind: 'ALL' })).inboxes[0]!;
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
    const inbox = inboxOf(track(readSide.feed.subscribe({ kind: 'MINE', recipient: ALICE }, last)));
    const missed = await inbox.take(3, () => true, { description: "three's notifications after the restart" });
    expect(missed.map((n) => n.tenantId)).toEqual(['three', 'three', 'three']);
  });

  it('pushes the tenant view after every committed change', async () => {
    const changes = inboxOf<TenantView>(track(readSide.feed.tenantChanges('four')));
    await waitFor(async () => (await world.nats.flush(), true));
    await world.publish(tenantRequested('four'), provisioningStarted('four'));
    const views = await changes.take(2, () => true, { description: "four's two views" });
    expect(views.map((v) => [v.status, v.version])).toEqual([
      ['PENDING', 0],
      ['PROVISIONING', 1],
    ]);
    expect(views[0]!.createdAt).toBeInstanceOf(Date);
    expect(views[0]!.databaseSecret).toBeNull();
  });

  it('gives each notification once, in order, to all ten tabs of a user, over one NATS subscription, as announced (no table read)', async () => {
    const subscriptionsBefore = readSide.feed.notificationSubscriptions;
    const reads = jest.spyOn(readSide.queries, 'notifications');
    const { tabs, inboxes } = await openLive({ kind: 'MINE', recipient: CAROL }, 10);
    expect(readSide.feed.notificationSubscriptions).toBe(subscriptionsBefore + 1);
    try {
      await world.publish(...threeSteps('five', CAROL), provisioned('five', { requestedBy: CAROL }));
      const received = await Promise.all(
        inboxes.map((inbox) => inbox.take(4, () => true, { description: "Carol's four notifications on every tab" })),
      );
      // Started at the newest, with nothing to replay: every notification came as announced.
      expect(reads.mock.calls.filter(([scope]) => scope.kind === 'MINE' && scope.recipient === CAROL)).toHaveLength(0);
      reads.mockRestore();
      const committed = (await notificationsOf(CAROL)).map((n) => n.cursor);
      expect(committed).toHaveLength(4);
      for (const tab of received) expect(tab.map((n) => n.cursor)).toEqual(committed);
      await Promise.all(inboxes.map((inbox) => inbox.expectNothing(() => true, { within: '200ms' })));
    } finally {
      reads.mockRestore();
      await Promise.all(tabs.map((tab) => tab.close()));
    }
    expect(readSide.feed.notificationSubscriptions).toBe(subscriptionsBefore);
  });

  it("hands its own projector's notifications and tenant views to its feeds, without their trip through NATS", async () => {
    // A connection that never gets its own publications back: only the hand-over can reach the feeds before a table
    // read (notifications), and each view rather than the latest at a sweep an hour away (tenant views).
    const noEcho = await connect({ servers: (await testNats()).url, noEcho: true });
    await readSide.close();
    readSide = await createReadSide({
      databaseUrl: world.database.url,
      prefix: world.prefix,
      nats: noEcho,
      lostAnnouncementSweepMs: 3_600_000,
    });
    try {
      await waitFor(
        () => readSide.projectorStatus().role,
        (role) => role === 'leader',
        { description: 'the new read side to lead the projection' },
      );
      const { inboxes } = await openLive({ kind: 'MINE', recipient: CAROL });
      // The tenant feeds read views through the read model's SQL queries, which the read side's own type does not name.
      const startingViews = jest.spyOn(readSide.queries as SqlReadModelQueries, 'tenantsByIds');
      const changes = inboxOf<TenantView>(track(readSide.feed.tenantChanges('five')));
      await waitFor(
        () => startingViews.mock.results.length,
        (n) => n === 1,
        { description: "the tenant feed to read five's current view" },
      );
      const current = (await startingViews.mock.results[0]!.value).get('five')!;
      startingViews.mockRestore();
      const reads = jest.spyOn(readSide.queries, 'notifications');
      const carolsReads = () =>
        reads.mock.calls.filter(([scope]) => scope.kind === 'MINE' && scope.recipient === CAROL);
      await world.publish(updateRequested('five', { requestedBy: CAROL }), updated('five', { requestedBy: CAROL }));
      const [received] = await inboxes[0]!.take(1, () => true, { description: "Carol's update" });
      expect(received!.type).toBe('TENANT_UPDATED');
      expect(carolsReads()).toHaveLength(0);
      reads.mockRestore();
      const views = await changes.take(2, () => true, { description: "five's views of the request and of the update" });
      expect(views.map((view) => [view.status, view.version])).toEqual([
        ['UPDATING', current.version + 1],
        ['ACTIVE', current.version + 2],
      ]);
      expect(views[1]!.databaseSecret).toBeNull();
    } finally {
      await readSide.close();
      await noEcho.close();
      readSide = await createReadSide({ databaseUrl: world.database.url, prefix: world.prefix, nats: world.nats });
    }
  });

  it('reads the table once for all the ALL feeds of the process that wait at the same cursor', async () => {
    const { tabs, inboxes } = await openLive({ kind: 'ALL' }, 5);
    // A first notification brings every feed to the same cursor.
    await world.publish(stepCompleted('two', 'CREATING_ADMIN', { requestedBy: BOB }));
    await Promise.all(
      inboxes.map((inbox) => inbox.take(1, () => true, { description: 'the first notification on every ALL feed' })),
    );
    const reads = jest.spyOn(readSide.queries, 'notifications');
    try {
      await world.publish(stepCompleted('two', 'ASSIGNING_ROLES', { requestedBy: BOB }));
      const received = await Promise.all(
        inboxes.map((inbox) => inbox.take(1, () => true, { description: 'the second notification on every ALL feed' })),
      );
      expect(new Set(received.map(([n]) => `${n!.cursor}/${n!.step}`))).toEqual(
        new Set([`${received[0]![0]!.cursor}/ASSIGNING_ROLES`]),
      );
      expect(reads.mock.calls.filter(([scope]) => scope.kind === 'ALL')).toHaveLength(1);
    } finally {
      reads.mockRestore();
      await Promise.all(tabs.map((tab) => tab.close()));
    }
  });

  it('fills a gap from the table: a notification whose announcement was lost comes before the next one', async () => {
    const inbox = (await openLive({ kind: 'MINE', recipient: CAROL })).inboxes[0]!;
    const unannounced = await insertUnannounced(world.database.url, CAROL, 'five');
    await inbox.expectNothing(() => true, {
      within: '100ms',
      description: 'the unannounced notification before any announcement',
    });
    await world.publish(updateRequested('five', { requestedBy: CAROL }), updated('five', { requestedBy: CAROL }));
    const received = await inbox.take(2, () => true, { description: 'the unannounced notification, then the update' });
    expect(received.map((n) => [n.cursor, n.type])).toEqual([
      [unannounced, 'TENANT_UPDATED'],
      [expect.any(String), 'TENANT_UPDATED'],
    ]);
    expect(BigInt(received[1]!.cursor)).toBeGreaterThan(BigInt(unannounced));
    await inbox.expectNothing(() => true, { within: '300ms' });
  });

  it("delivers a user's last notification whose announcement was lost, at the next sweep, with nothing after it", async () => {
    const sweeping = await sweepingReadSide();
    try {
      const DAVE = 'root/user-dave';
      const startingPoints = jest.spyOn(sweeping.queries, 'latestCursor');
      const tableReads = jest.spyOn(sweeping.queries, 'notifications');
      const inbox = inboxOf(track(sweeping.feed.subscribe({ kind: 'MINE', recipient: DAVE })));
      const everyone = inboxOf(track(sweeping.feed.subscribe({ kind: 'ALL' })));
      await waitFor(
        () => startingPoints.mock.calls.length,
        (n) => n === 2,
        { description: 'both feeds to read where they start' },
      );
      await Promise.all(startingPoints.mock.results.map((result) => result.value));
      startingPoints.mockRestore();
      // Past the reads that follow a new subscription's settling time (AnnouncementFanout): from
      // now on only the sweep can find a notification that is never announced.
      await waitFor(
        () => tableReads.mock.calls.length,
        (n) => n >= 2,
        { within: '10s', description: 'both feeds to read again once their interest settled' },
      );
      tableReads.mockRestore();
      const lost = await insertUnannounced(world.database.url, DAVE, 'six');
      const [mine] = await inbox.take(1, () => true, { within: '5s', description: "Dave's lost notification" });
      expect(mine).toMatchObject({ cursor: lost, recipientId: DAVE, tenantId: 'six' });
      await everyone.take(1, (n) => n.cursor === lost, { within: '5s', description: 'the lost notification on ALL' });
      await inbox.expectNothing(() => true, { within: '300ms', description: 'the lost notification a second time' });
    } finally {
      await sweeping.close();
    }
  });

  it("gives a tenant's last view whose announcement was lost at the next sweep, and no view twice", async () => {
    await world.publish(tenantRequested('seven'));
    await waitFor(
      () => readSide.queries.tenant('seven'),
      (view) => view?.version === 0,
      { description: 'seven projected' },
    );
    const sweeping = await sweepingReadSide();
    try {
      const startingPoints = jest.spyOn(sweeping.queries as SqlReadModelQueries, 'tenantsByIds');
      const changes = inboxOf<TenantView>(track(sweeping.feed.tenantChanges('seven')));
      await waitFor(
        () => startingPoints.mock.calls.length,
        (n) => n >= 1,
        { description: 'the feed to read where it starts' },
      );
      await startingPoints.mock.results[0]!.value;
      startingPoints.mockRestore();
      await changes.expectNothing(() => true, { within: '300ms', description: 'the view it started at' });
      await withClient(world.database.url, (client) =>
        client.query(`UPDATE read_model.tenants SET version = 1, status = 'PROVISIONING' WHERE id = 'seven'`),
      );
      const [view] = await changes.take(1, () => true, { within: '5s', description: "seven's unannounced view" });
      expect([view!.status, view!.version]).toEqual(['PROVISIONING', 1]);
      await changes.expectNothing(() => true, { within: '300ms', description: 'the same view a second time' });
    } finally {
      await sweeping.close();
    }
  });

  it('ends a feed at once when it is closed, even while waiting for the next item', async () => {
    const feed = readSide.feed.subscribe({ kind: 'MINE', recipient: 'nobody' });
    const iterator = feed[Symbol.asyncIterator]();
    const pending = iterator.next();
    await feed.close();
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});

/** A committed notification whose announcement never went out (as if NATS dropped it); returns its cursor. */
async function insertUnannounced(databaseUrl: string, recipientId: string, tenantId: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO read_model.notifications (event_id, recipient_id, type, tenant_id, operation_id, message, error, step, occurred_at)
       VALUES ($1, $2, 'TENANT_UPDATED', $3, 'op-lost', 'lost on the way', NULL, NULL, now()) RETURNING id::text`,
      [`lost-${tenantId}`, recipientId, tenantId],
    );
    return rows[0]!.id;
  } finally {
    await client.end();
  }
}

export type { NotificationView };
