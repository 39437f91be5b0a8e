import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase, waitFor } from '@tenantry/testing';
import { ExpectedRevisionConflict } from '../event-store';
import { describeEventStoreContract } from '../__tests__/event-store-contract';
import { postgresEventStore } from './postgres-event-store';

// jest's per-project testTimeout is not applied: set this file's budget here.
jest.setTimeout(30_000);

let database: TestDatabase;
let pool: Pool;
beforeAll(async () => {
  database = await createTestDatabase('event_store_contract');
  pool = new Pool({ connectionString: database.url, max: 20 });
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

// Each test gets its own schema in the file's database, so readAll sees only its events.
describeEventStoreContract('postgres', async () => {
  const store = postgresEventStore({ pool, schema: `es_${randomBytes(4).toString('hex')}` });
  await store.ensureSchema();
  return store;
});

const freshSchema = () => `es_${randomBytes(4).toString('hex')}`;

/**
 * A writer that announces its appends while `announceAppends` says so, and a reader on the
 * same fresh schema that polls only every 60 s, with the types it has seen. The reader has read
 * `First` (woken by hand): its LISTEN is up, so from then on a NOTIFY would wake it.
 */
async function writerAndFollower(stream: string, announceAppends: () => boolean) {
  const schema = freshSchema();
  const writer = postgresEventStore({ pool, schema, announceAppends });
  const reader = postgresEventStore({ pool, schema, pollIntervalMs: 60_000 });
  await writer.ensureSchema();
  const seen: string[] = [];
  const subscription = reader.subscribeToAll({
    onEvents: async (events) => void seen.push(...events.map((e) => e.type)),
  });
  const close = async () => {
    await subscription.close();
    await writer.close();
    await reader.close();
  };
  try {
    await writer.append(stream, [{ id: randomUUID(), type: 'First', data: {} }], 'any');
    subscription.wake();
    await waitFor(
      () => seen,
      (s) => s.length === 1,
      { within: '5s', description: 'the first event, woken by hand' },
    );
  } catch (error) {
    await close();
    throw error;
  }
  return { schema, writer, seen, close };
}

describe('the PostgreSQL adapter', () => {
  it('creates its schema once under concurrent starts', async () => {
    const schema = freshSchema();
    const stores = Array.from({ length: 6 }, () => postgresEventStore({ pool, schema }));
    await Promise.all(stores.map((store) => store.ensureSchema()));
    await stores[0]!.ensureSchema();
    const { rows } = await pool.query(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
      [schema],
    );
    expect(rows.map((row) => row.name)).toEqual(['events', 'tenantry_migrations']);
    const history = await pool.query(`SELECT component, name FROM "${schema}".tenantry_migrations`);
    expect(history.rows).toEqual([{ component: 'event-store', name: '0001-events' }]);
  });

  it('turns a unique violation on (stream, revision) into a conflict that keeps its cause', async () => {
    const schema = freshSchema();
    const store = postgresEventStore({ pool, schema });
    await store.ensureSchema();
    const rival = await pool.connect();
    try {
      // A rival transaction holds revision 0, uncommitted: the append's check passes and its insert waits.
      await rival.query('BEGIN');
      await rival.query(
        `INSERT INTO "${schema}".events (id, stream, revision, type, data) VALUES ($1, 'tenant-race', 0, 'Rival', '{}')`,
        [randomUUID()],
      );
      const appending = store.append('tenant-race', [{ id: randomUUID(), type: 'Mine', data: {} }], 'no_stream');
      const failure = appending.then(
        () => undefined,
        (error: unknown) => error,
      );
      await waitFor(
        async () =>
          (
            await pool.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )
          ).rows[0].n,
        (waiting: number) => waiting === 1,
        { within: '5s', description: 'the append to wait on the rival' },
      );
      await rival.query('COMMIT');
      const conflict = await failure;
      expect(conflict).toBeInstanceOf(ExpectedRevisionConflict);
      expect(conflict).toMatchObject({
        stream: 'tenant-race',
        expected: 'no_stream',
        actual: 0n,
        cause: { code: '23505' },
      });
    } finally {
      rival.release();
    }
  });

  it('wakes followers in other processes with a NOTIFY after the append, long before their poll', async () => {
    const schema = freshSchema();
    const follower = postgresEventStore({ pool, schema, pollIntervalMs: 60_000 });
    const appender = postgresEventStore({ pool, schema });
    await follower.ensureSchema();
    const seen: string[] = [];
    const subscription = follower.subscribeToAll({
      onEvents: async (events) => void seen.push(...events.map((e) => e.id)),
    });
    try {
      // The follower's first (empty) read is done once its LISTEN is up and it waits for a wake-up.
      await waitFor(
        async () =>
          (
            await pool.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'LISTEN "${schema}_events_appended"'`,
            )
          ).rows[0].n,
        (n: number) => n === 1,
        { within: '5s', description: 'the follower to LISTEN' },
      );
      const ids = [randomUUID(), randomUUID()];
      for (const id of ids) await appender.append('tenant-woken', [{ id, type: 'Woken', data: {} }], 'any');
      await waitFor(
        () => seen,
        (s) => s.length === 2,
        { within: '5s', description: 'the follower to see both events' },
      );
      expect(seen).toEqual(ids);
    } finally {
      await subscription.close();
    }
  });

  it('wakes its own followers at once on its own appends, without waiting for their poll', async () => {
    const store = postgresEventStore({ pool, schema: freshSchema(), pollIntervalMs: 60_000 });
    await store.ensureSchema();
    const seen: string[] = [];
    const subscription = store.subscribeToAll({
      onEvents: async (events) => void seen.push(...events.map((e) => e.id)),
    });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const id = randomUUID();
        ids.push(id);
        await store.append('tenant-local', [{ id, type: 'Local', data: { i } }], 'any');
        await waitFor(
          () => seen.length,
          (n) => n === i + 1,
          { within: '5s', description: `the follower to see event ${i}` },
        );
      }
      expect(seen).toEqual(ids);
    } finally {
      await subscription.close();
    }
  });

  it('does not NOTIFY other processes while told that none follows, and its own followers are still woken', async () => {
    const schema = freshSchema();
    let othersFollow = false;
    const store = postgresEventStore({ pool, schema, pollIntervalMs: 60_000, othersFollow: () => othersFollow });
    const other = postgresEventStore({ pool, schema });
    await store.ensureSchema();
    const listener = await pool.connect();
    const announced: string[] = [];
    listener.on('notification', (notification) => announced.push(notification.payload ?? ''));
    await listener.query(`LISTEN "${schema}_events_appended"`);
    const seen: string[] = [];
    const subscription = store.subscribeToAll({
      onEvents: async (events) => void seen.push(...events.map((e) => e.id)),
    });
    try {
      await store.append('tenant-quiet', [{ id: randomUUID(), type: 'Quiet', data: {} }], 'any');
      await waitFor(
        () => seen.length,
        (n) => n === 1,
        { within: '5s', description: 'its own follower to see the event' },
      );
      othersFollow = true;
      await store.append('tenant-quiet', [{ id: randomUUID(), type: 'Heard', data: {} }], 'any');
      await waitFor(
        () => announced.length,
        (n) => n === 1,
        { within: '5s', description: 'the append to be announced' },
      );
      // Announcements arrive in commit order: had the first append NOTIFYed, it would be here too.
      await other.append('tenant-other', [{ id: randomUUID(), type: 'Other', data: {} }], 'any');
      await waitFor(
        () => announced.length,
        (n) => n === 2,
        { within: '5s', description: 'the other store to announce' },
      );
      expect(announced[0]).not.toBe(announced[1]);
    } finally {
      await subscription.close();
      await store.close();
      await other.close();
      listener.release();
    }
  });

  it('announces appends its own way instead of a NOTIFY when it can, and a follower woken by it reads at once', async () => {
    let canAnnounce = true;
    const announcements: string[] = [];
    const { writer, seen, close } = await writerAndFollower('tenant-announced', () =>
      canAnnounce ? announcements.push('announced') > 0 : false,
    );
    try {
      await writer.append('tenant-announced', [{ id: randomUUID(), type: 'Announced', data: {} }], 'any');
      expect(announcements).toHaveLength(2);
      canAnnounce = false;
      await writer.append('tenant-announced', [{ id: randomUUID(), type: 'Notified', data: {} }], 'any');
      // The NOTIFY of the third append wakes the reader, which reads the second with it.
      await waitFor(
        () => seen,
        (s) => s.length === 3,
        { within: '5s', description: 'both events after the NOTIFY' },
      );
      expect(seen).toEqual(['First', 'Announced', 'Notified']);
    } finally {
      await close();
    }
  });

  it('after a read that returned events but held later ones back, looks again soon, not at the next poll', async () => {
    let canAnnounce = true;
    const { schema, writer, seen, close } = await writerAndFollower('tenant-held', () => canAnnounce);
    const slow = await pool.connect();
    try {
      // Announced its own way: the reader is not woken by it.
      await writer.append('tenant-held', [{ id: randomUUID(), type: 'Readable', data: {} }], 'any');
      // A transaction that writes an event and is still running when the reader reads.
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO "${schema}".events (id, stream, revision, type, data) VALUES ($1, 'tenant-slow', 0, 'Slow', '{}')`,
        [randomUUID()],
      );
      canAnnounce = false;
      // Its NOTIFY wakes the reader, which can read 'Readable' but not this one, behind 'Slow'.
      await writer.append('tenant-held', [{ id: randomUUID(), type: 'Notified', data: {} }], 'any');
      await waitFor(
        () => seen,
        (s) => s.length === 2,
        { within: '5s', description: 'the readable event after the NOTIFY' },
      );
      expect(seen).toEqual(['First', 'Readable']);
      // Committed without a NOTIFY: nothing wakes the reader but its own second look.
      await slow.query('COMMIT');
      await waitFor(
        () => seen,
        (s) => s.length === 4,
        { within: '5s', description: 'the held-back events, long before the next poll (60 s)' },
      );
      expect(seen).toEqual(['First', 'Readable', 'Slow', 'Notified']);
    } finally {
      slow.release();
      await close();
    }
  });
});
