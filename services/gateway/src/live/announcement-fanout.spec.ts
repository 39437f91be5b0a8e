import { Events, type Msg, type NatsConnection, type Status } from 'nats';
import type { Announcement } from './announcement';
import { AnnouncementFanout } from './announcement-fanout';
import { encodeLive } from '@tenantry/read-model';
import type { NotificationScope, StoredNotification } from '@tenantry/read-model';

const ALICE: NotificationScope = { kind: 'MINE', recipient: 'alice' };
const BOB: NotificationScope = { kind: 'MINE', recipient: 'bob' };

/** Just enough of a NatsConnection: subscriptions by subject, messages and statuses sent by the spec. */
function fakeNats() {
  const subscriptions: Array<{
    subject: string;
    callback: (error: Error | null, message: Msg) => void;
    closed: boolean;
  }> = [];
  const statuses: Array<(status: IteratorResult<Status>) => void> = [];
  const nats = {
    subscribe(subject: string, options: { callback: (error: Error | null, message: Msg) => void }) {
      const subscription = { subject, callback: options.callback, closed: false };
      subscriptions.push(subscription);
      return { unsubscribe: () => (subscription.closed = true), isClosed: () => subscription.closed };
    },
    flush: () => Promise.resolve(),
    status: () => ({
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<Status>>((resolve) => statuses.push(resolve)),
      }),
    }),
  };
  return {
    nats: nats as unknown as NatsConnection,
    open: () => subscriptions.filter((s) => !s.closed).map((s) => s.subject),
    send: (subject: string, data: Uint8Array) =>
      subscriptions.filter((s) => s.subject === subject && !s.closed).forEach((s) => s.callback(null, { data } as Msg)),
    reconnected: () =>
      statuses.splice(0).forEach((resolve) => resolve({ done: false, value: { type: Events.Reconnect, data: '' } })),
  };
}

const notification: StoredNotification = {
  cursor: '8',
  previousCursor: '5',
  type: 'TENANT_UPDATED',
  recipientId: 'alice',
  tenantId: 'acme',
  operationId: 'op-1',
  message: "Tenant 'Acme' was updated",
  error: null,
  step: null,
  stepName: null,
  occurredAt: new Date('2025-03-01T10:00:00.000Z'),
};
const collector = () => {
  const received: Announcement[] = [];
  return { received, listener: (announcement: Announcement) => received.push(announcement) };
};

describe('the announcement fan-out', () => {
  it('opens one NATS subscription per subject, whatever the number of listeners, and closes it with the last one', () => {
    const world = fakeNats();
    const fanout = new AnnouncementFanout(world.nats);
    const tabs = Array.from({ length: 3 }, () => fanout.listen('n.alice', ALICE, collector().listener));
    const other = fanout.listen('n.bob', BOB, collector().listener);
    expect(world.open()).toEqual(['n.alice', 'n.bob']);
    tabs[0]!.stop();
    tabs[0]!.stop();
    tabs[1]!.stop();
    expect(world.open()).toEqual(['n.alice', 'n.bob']);
    tabs[2]!.stop();
    other.stop();
    expect(world.open()).toEqual([]);
    expect(fanout.subscriptionCount).toBe(0);
  });

  it('hands each listener of the subject the same decoded notification, without its previous cursor', () => {
    const world = fakeNats();
    const fanout = new AnnouncementFanout(world.nats);
    const [a, b] = [collector(), collector()];
    fanout.listen('n.alice', ALICE, a.listener);
    fanout.listen('n.alice', ALICE, b.listener);
    world.send('n.alice', encodeLive(notification));
    const { previousCursor, ...view } = notification;
    expect(a.received).toEqual([{ kind: 'committed', notification: view, previousCursor }]);
    expect(b.received[0]).toBe(a.received[0]);
  });

  it('hands a notification committed here to the listeners of its subjects as NATS would, to no one else, and not again when NATS brings it back', () => {
    const world = fakeNats();
    const fanout = new AnnouncementFanout(world.nats);
    const [alice, all, bob] = [collector(), collector(), collector()];
    fanout.listen('n.alice', ALICE, alice.listener);
    fanout.listen('n.*', { kind: 'ALL' }, all.listener);
    fanout.listen('n.bob', BOB, bob.listener);
    fanout.committedHere(['n.alice', 'n.*', 'n.carol'], notification);
    // A tab opened after the hand-over, before the copy NATS brings back.
    const late = collector();
    fanout.listen('n.alice', ALICE, late.listener);
    world.send('n.alice', encodeLive(notification));
    world.send('n.*', encodeLive(notification));
    const { previousCursor, ...view } = notification;
    const announced = { kind: 'committed', notification: view, previousCursor };
    // The copy is not handed out again: the late tab would take it for news and replay it.
    expect(alice.received).toEqual([announced]);
    expect(all.received).toEqual([announced]);
    expect(late.received).toEqual([]);
    expect(bob.received).toEqual([]);
    expect(fanout.followed().find((followed) => followed.subject === 'n.*')?.highest).toBe(notification.cursor);
    // What comes next through NATS (another gateway's projector) is handed out as before.
    const next = { ...notification, cursor: '9', previousCursor: '8' };
    world.send('n.alice', encodeLive(next));
    expect(late.received).toEqual([{ kind: 'committed', notification: { ...view, cursor: '9' }, previousCursor: '8' }]);
  });

  it('turns an unreadable message into "something may have been committed"', () => {
    const world = fakeNats();
    const tab = collector();
    new AnnouncementFanout(world.nats).listen('n.alice', ALICE, tab.listener);
    world.send('n.alice', new TextEncoder().encode('{"cursor":"9"'));
    expect(tab.received).toEqual([{ kind: 'unknown' }]);
  });

  it('tells every listener to read the table after a reconnection (announcements may have been lost)', async () => {
    const world = fakeNats();
    const fanout = new AnnouncementFanout(world.nats);
    const [a, b] = [collector(), collector()];
    fanout.listen('n.alice', ALICE, a.listener);
    fanout.listen('n.bob', BOB, b.listener);
    await Promise.resolve();
    world.reconnected();
    await new Promise((resolve) => setImmediate(resolve));
    expect([a.received, b.received]).toEqual([[{ kind: 'unknown' }], [{ kind: 'unknown' }]]);
  });

  it('opens the subject again for a listener that comes after the last one left', () => {
    const world = fakeNats();
    const fanout = new AnnouncementFanout(world.nats);
    fanout.listen('n.alice', ALICE, collector().listener).stop();
    const late = collector();
    fanout.listen('n.alice', ALICE, late.listener);
    world.send('n.alice', encodeLive(notification));
    expect(late.received).toHaveLength(1);
    expect(world.open()).toEqual(['n.alice']);
  });

  describe('in a NATS cluster, where interest reaches the other servers after flush', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());
    const settled = async (ms: number) => {
      await Promise.resolve();
      jest.advanceTimersByTime(ms);
    };

    it('tells the listeners of a new subscription to read the table once more, a settling time after the interest', async () => {
      const world = fakeNats();
      const fanout = new AnnouncementFanout(world.nats, 500);
      const tab = collector();
      fanout.listen('n.alice', ALICE, tab.listener);
      await settled(499);
      expect(tab.received).toEqual([]);
      await settled(1);
      expect(tab.received).toEqual([{ kind: 'unknown' }]);
      await settled(10_000);
      expect(tab.received).toHaveLength(1);
    });

    it('after a reconnection, tells every listener to read now and once more after the settling time', async () => {
      const world = fakeNats();
      const fanout = new AnnouncementFanout(world.nats, 500);
      const [a, b] = [collector(), collector()];
      fanout.listen('n.alice', ALICE, a.listener);
      fanout.listen('n.bob', BOB, b.listener);
      await settled(500);
      world.reconnected();
      await Promise.resolve();
      await Promise.resolve();
      expect([a.received.length, b.received.length]).toEqual([2, 2]);
      await settled(500);
      expect([a.received.length, b.received.length]).toEqual([3, 3]);
    });

    it('reads nothing more once closed', async () => {
      const world = fakeNats();
      const fanout = new AnnouncementFanout(world.nats, 500);
      const tab = collector();
      fanout.listen('n.alice', ALICE, tab.listener);
      await Promise.resolve();
      fanout.close();
      await settled(1_000);
      expect(tab.received).toEqual([]);
    });
  });
});
