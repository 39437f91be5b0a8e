import { randomUUID } from 'node:crypto';
import { NewEvent, postgresEventStore, PostgresEventStore } from '@tenantry/event-store';
import { createTestDatabase, TestDatabase, testNats, uniquePrefix, waitFor } from '@tenantry/testing';
import { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { Pool } from 'pg';
import { readStreamFromStart, storedMessageCount } from '../__tests__/stream-reader';
import { connectNats } from '../connect-nats';
import { natsNames, NatsNames } from '../nats-names';
import { ensureTenantEventsStream } from '../stream/tenant-events-stream';
import { tenantEventSubject } from '../tenant-event-subject';
import { EventRelay } from './event-relay';
import { natsAppendAnnouncer, wakeRelayOnAnnouncements } from './append-announcements';
import { EventRelayOptions, RelayStatus } from './relay-options';

// jest's per-project testTimeout is not applied: set this file's budget here.
jest.setTimeout(30_000);

let database: TestDatabase;
let pool: Pool;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const streamsToDelete: string[] = [];
const relays: EventRelay[] = [];
const stores: PostgresEventStore[] = [];

beforeAll(async () => {
  database = await createTestDatabase('event_relay');
  pool = new Pool({ connectionString: database.url, max: 20 });
  nc = await connectNats({ url: (await testNats()).url, name: 'event-relay-spec' });
  js = nc.jetstream();
  jsm = await nc.jetstreamManager();
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  await Promise.all(stores.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  await Promise.all(streamsToDelete.map((stream) => jsm.streams.delete(stream).catch(() => undefined)));
  await nc.close();
  await pool.end();
  await database.drop();
});

interface World {
  names: NatsNames;
  store: PostgresEventStore;
  relay: (overrides?: Partial<EventRelayOptions>) => EventRelay;
  appendTenantEvents: (count: number) => Promise<string[]>;
}

/** Per test: its own event store schema, checkpoint, lock name and JetStream stream. */
async function world(): Promise<World> {
  const prefix = uniquePrefix('relay');
  const names = natsNames(prefix);
  await ensureTenantEventsStream(jsm, names);
  streamsToDelete.push(names.stream);
  const store = postgresEventStore({ pool, schema: prefix, pollIntervalMs: 100 });
  await store.ensureSchema();
  stores.push(store);
  const relay = (overrides: Partial<EventRelayOptions> = {}) => {
    const created = new EventRelay({
      name: prefix,
      store,
      database: { pool },
      schema: prefix,
      js,
      subjectFor: tenantEventSubject(names),
      batchSize: 25,
      leadershipRetryMs: 200,
      ...overrides,
    });
    relays.push(created);
    return created;
  };
  let appended = 0;
  const appendTenantEvents = async (count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++, appended++) {
      const event: NewEvent = {
        id: randomUUID(),
        type: 'TenantRequested',
        data: { n: appended },
        metadata: { correlationId: `c-${appended}` },
      };
      await store.append(`tenant-t${appended % 5}`, [event], 'any');
      ids.push(event.id);
    }
    return ids;
  };
  return { names, store, relay, appendTenantEvents };
}

/**
 * The stream holds every event once, in order, and nothing else. Nothing else is
 * checked with a barrier: an event appended last must be the very next message (the
 * relay publishes in global order, so a re-published earlier event would come first).
 */
async function expectEveryEventOnceInOrder(
  names: NatsNames,
  ids: string[],
  appendTenantEvents: (count: number) => Promise<string[]>,
): Promise<void> {
  const reader = await readStreamFromStart(js, names.stream);
  try {
    const received = await reader.inbox.take(ids.length, () => true, { within: '10s', description: 'relayed events' });
    expect(received.map((message) => message.event.id)).toEqual(ids);
    const [barrier] = await appendTenantEvents(1);
    expect((await reader.inbox.next(() => true, { within: '10s', description: 'the barrier event' })).event.id).toBe(
      barrier,
    );
  } finally {
    await reader.stop();
  }
  expect(await storedMessageCount(jsm, names.stream)).toBe(ids.length + 1);
}

describe('the event relay', () => {
  it('reads at once when another process announces an append on NATS, without waiting for its poll', async () => {
    const { names, relay } = await world();
    const schema = names.prefix;
    // The relay's store polls once a minute; the writer announces on NATS instead of NOTIFYing.
    const following = postgresEventStore({ pool, schema, pollIntervalMs: 60_000 });
    const announcer = natsAppendAnnouncer(names);
    announcer.connect(nc);
    const writer = postgresEventStore({ pool, schema, announceAppends: () => announcer.announce() });
    stores.push(following, writer);
    const running = relay({ store: following });
    const wakeups = wakeRelayOnAnnouncements(nc, names, running);
    try {
      await running.start();
      const append = (type: string) =>
        writer.append('tenant-woken', [{ id: randomUUID(), type: 'TenantRequested', data: { type } }], 'any');
      // The first may be found by the relay's first read; the second only by an announcement (or a minute's poll).
      await append('first');
      await waitFor(
        () => running.status.published,
        (published) => published === 1,
        { within: '10s', description: 'the first event published' },
      );
      await append('second');
      await waitFor(
        () => running.status.published,
        (published) => published === 2,
        { within: '5s', description: 'the announced event published' },
      );
    } finally {
      wakeups.unsubscribe();
    }
  });

  it('publishes each event once, in global order, on its subject with its headers', async () => {
    const { names, store, relay, appendTenantEvents } = await world();
    const before = await appendTenantEvents(30);
    const running = relay();
    await running.start();
    const after = await appendTenantEvents(30);
    const ids = [...before, ...after];
    await waitFor(
      () => running.status,
      (status) => status.published === ids.length,
      { within: '10s', description: 'all events published' },
    );

    const reader = await readStreamFromStart(js, names.stream);
    const first = await reader.inbox.next();
    await reader.stop();
    const [stored] = await store.readStream('tenant-t0');
    expect(first).toMatchObject({
      subject: names.eventSubject('t0', 'TenantRequested'),
      msgId: stored!.id,
      headers: expect.objectContaining({
        'Tenantry-Event-Type': 'TenantRequested',
        'Tenantry-Stream': 'tenant-t0',
        'Tenantry-Revision': '0',
        'Tenantry-Correlation-Id': 'c-0',
      }),
    });
    expect(first.event).toEqual(stored);
    // The checkpoint follows the PubAcks within its write interval.
    const last = (await store.readAll()).at(-1)!.position;
    await waitFor(
      () => running.status,
      (status) => status.lastPosition === last,
      { within: '10s', description: 'the checkpoint at the last event' },
    );
    expect(running.status).toMatchObject({ role: 'leader', duplicates: 0 });
    await expectEveryEventOnceInOrder(names, ids, appendTenantEvents);
  });

  it('shows every event it reads to its observer, in global order', async () => {
    const { relay, appendTenantEvents } = await world();
    const seen: string[] = [];
    const running = relay({ observe: (events) => seen.push(...events.map((event) => event.id)) });
    await running.start();
    const ids = await appendTenantEvents(30);
    await waitFor(
      () => running.status.published,
      (n) => n === 30,
      { description: 'all events published' },
    );
    expect(seen).toEqual(ids);
  });

  it('reports a failing publish as status and retries until it succeeds', async () => {
    const { names, relay, appendTenantEvents } = await world();
    await jsm.streams.delete(names.stream);
    const running = relay();
    await running.start();
    const ids = await appendTenantEvents(5);
    await waitFor(
      () => running.status.lastError,
      (error) => error !== undefined,
      { description: 'a publish error in the status' },
    );
    expect(running.status.published).toBe(0);
    await ensureTenantEventsStream(jsm, names);
    await waitFor(
      () => running.status,
      (status) => status.published === 5 && status.lastError === undefined,
      {
        description: 'the relay to recover once the stream exists',
      },
    );
    await expectEveryEventOnceInOrder(names, ids, appendTenantEvents);
  });

  it('resumes from its checkpoint after a restart', async () => {
    const { names, relay, appendTenantEvents } = await world();
    const first = relay();
    await first.start();
    const ids = await appendTenantEvents(20);
    await waitFor(
      () => first.status.published,
      (n) => n === 20,
      { description: 'the first 20 events published' },
    );
    await first.stop();
    ids.push(...(await appendTenantEvents(20)));
    const second = relay();
    await second.start();
    await waitFor(
      () => second.status.published,
      (n) => n === 20,
      { description: 'the next 20 events published' },
    );
    expect(second.status.duplicates).toBe(0);
    await expectEveryEventOnceInOrder(names, ids, appendTenantEvents);
  });

  it('has one leader among several relays, and a standby takes over when it stops', async () => {
    const { names, relay, appendTenantEvents } = await world();
    const [a, b] = [relay(), relay()];
    await Promise.all([a.start(), b.start()]);
    const leader = await waitFor(
      () => [a, b].filter((r) => r.status.role === 'leader'),
      (l) => l.length === 1,
      {
        description: 'exactly one leader',
      },
    );
    const standby = leader[0] === a ? b : a;
    const ids = await appendTenantEvents(40);
    await waitFor(
      () => leader[0]!.status.published,
      (n) => n === 40,
      { description: 'the leader to publish 40 events' },
    );
    expect(standby.status).toMatchObject({ role: 'standby', published: 0 });

    await leader[0]!.stop();
    await waitFor(
      () => standby.status.role,
      (role) => role === 'leader',
      { within: '5s', description: 'the standby to lead' },
    );
    ids.push(...(await appendTenantEvents(20)));
    await waitFor(
      () => standby.status.published,
      (n) => n === 20,
      { description: 'the new leader to publish 20 events' },
    );
    await expectEveryEventOnceInOrder(names, ids, appendTenantEvents);
  });

  it('after a crash between publish and checkpoint, re-publishes and the stream keeps each event once', async () => {
    const { names, relay, appendTenantEvents } = await world();
    const ids = await appendTenantEvents(100);
    let batches = 0;
    const crashing: EventRelay = relay({
      hooks: {
        beforeCheckpoint: () => {
          // Third batch: acknowledged by JetStream, then the process "dies" before its checkpoint.
          if (++batches === 3) {
            void crashing.stop();
            throw new Error('simulated crash before checkpoint');
          }
        },
      },
    });
    await crashing.start();
    await waitFor(
      () => crashing.status.role,
      (role) => role === 'stopped',
      { description: 'the crashed relay to stop' },
    );
    expect(crashing.status.published).toBe(50);
    expect(await storedMessageCount(jsm, names.stream)).toBe(75);

    const restarted = relay();
    await restarted.start();
    await waitFor(
      () => restarted.status.published + restarted.status.duplicates,
      (n) => n === 50,
      {
        description: 'the restarted relay to publish from the checkpoint',
      },
    );
    expect(restarted.status).toMatchObject({ published: 25, duplicates: 25 });
    await expectEveryEventOnceInOrder(names, ids, appendTenantEvents);
  });

  it('steps down when its lock session dies, and leadership moves on without losing events', async () => {
    const { names, relay, appendTenantEvents } = await world();
    let leaderships = 0;
    const countLeaderships = () => {
      let role = 'stopped';
      return (status: RelayStatus) => {
        if (status.role === 'leader' && role !== 'leader') leaderships++;
        role = status.role;
      };
    };
    const [a, b] = [relay({ onStatus: countLeaderships() }), relay({ onStatus: countLeaderships() })];
    await Promise.all([a.start(), b.start()]);
    const [leader] = await waitFor(
      () => [a, b].filter((r) => r.status.role === 'leader'),
      (l) => l.length === 1,
      {
        description: 'exactly one leader',
      },
    );
    const ids = await appendTenantEvents(10);
    await waitFor(
      () => leader!.status.published,
      (n) => n === 10,
      { description: 'the leader to publish 10 events' },
    );

    // Counted before the kill: on a busy machine the next leader can take over before the
    // kill's own reply comes back.
    const leadershipsBefore = leaderships;
    // Kill every backend holding an advisory lock in this database: the leader's session.
    const killed = await pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(killed.rowCount).toBe(1);
    ids.push(...(await appendTenantEvents(10)));
    await waitFor(
      () => a.status.published + b.status.published,
      (n) => n === 20,
      {
        within: '10s',
        description: 'all 20 events published across both relays',
      },
    );
    expect([a, b].filter((r) => r.status.role === 'leader')).toHaveLength(1);
    expect(leaderships).toBe(leadershipsBefore + 1);
    await expectEveryEventOnceInOrder(names, ids, appendTenantEvents);
  });
});
