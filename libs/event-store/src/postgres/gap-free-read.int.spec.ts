import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { createTestDatabase, TestDatabase, waitFor } from '@tenantry/testing';
import { StoredEvent, Subscription } from '../event-store';
import { nonAppendingSessionName } from './non-appending-session';
import { postgresEventStore, PostgresEventStore } from './postgres-event-store';

// jest's per-project testTimeout is not applied: set this file's budget here.
jest.setTimeout(30_000);

const WRITERS = 16;
const APPENDS_PER_WRITER = 200;

let database: TestDatabase;
let pool: Pool;
let store: PostgresEventStore;
const clients: Client[] = [];

beforeAll(async () => {
  database = await createTestDatabase('gap_free_read');
  pool = new Pool({ connectionString: database.url, max: 8 });
  store = postgresEventStore({ pool, pollIntervalMs: 100 });
  await store.ensureSchema();
  for (let i = 0; i < WRITERS + 1; i++) {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    clients.push(client);
  }
});
afterAll(async () => {
  await store.close();
  await Promise.all(clients.map((client) => client.end()));
  await pool.end();
  await database.drop();
});

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Appends like the adapter does, but pauses inside the transaction, between its inserts and before commit. */
async function appendSlowly(
  client: Client,
  stream: string,
  revision: number,
  events: number,
  holdMs: () => number,
): Promise<string[]> {
  const ids = Array.from({ length: events }, () => randomUUID());
  await client.query('BEGIN');
  for (const [index, id] of ids.entries()) {
    await client.query(`INSERT INTO events (id, stream, revision, type, data) VALUES ($1, $2, $3, 'Slow', '{}')`, [
      id,
      stream,
      revision + index,
    ]);
    await pause(holdMs());
  }
  await client.query(`SELECT pg_notify('public_events_appended', '')`);
  await client.query('COMMIT');
  return ids;
}

describe('reading all while transactions commit out of order', () => {
  it('does not return an event until every transaction that wrote before it has committed', async () => {
    const early = clients[WRITERS]!;
    const start = (await store.readAll()).at(-1)?.position;
    await early.query('BEGIN');
    const earlyId = randomUUID();
    await early.query(
      `INSERT INTO events (id, stream, revision, type, data) VALUES ($1, 'tenant-early', 0, 'Early', '{}')`,
      [earlyId],
    );
    const { position: latePosition } = await store.append(
      'tenant-late',
      [{ id: randomUUID(), type: 'Late', data: {} }],
      'no_stream',
    );

    expect(await store.readAll({ after: start })).toEqual([]);
    await early.query('COMMIT');
    const read = await waitFor(
      () => store.readAll({ after: start }),
      (events) => events.length === 2,
      {
        description: 'both events readable once the early transaction commits',
      },
    );
    expect(read.map((e) => e.type)).toEqual(['Early', 'Late']);
    expect(read[1]!.position).toBe(latePosition);
  });

  it('returns a committed event held back by a running transaction when asked for everything committed', async () => {
    const early = clients[WRITERS]!;
    const start = (await store.readAll()).at(-1)?.position;
    await early.query('BEGIN');
    await early.query(
      `INSERT INTO events (id, stream, revision, type, data) VALUES ($1, 'tenant-still-running', 0, 'Running', '{}')`,
      [randomUUID()],
    );
    try {
      const { position } = await store.append(
        'tenant-committed',
        [{ id: randomUUID(), type: 'Committed', data: {} }],
        'no_stream',
      );
      expect(await store.readAll({ after: start })).toEqual([]);
      const committed = await store.readAll({ after: start, everythingCommitted: true });
      expect(committed.map((e) => [e.type, e.position])).toEqual([['Committed', position]]);
    } finally {
      await early.query('ROLLBACK');
    }
  });

  it('is not held back by a transaction running in another database', async () => {
    const elsewhere = await createTestDatabase('gap_free_elsewhere');
    const other = new Client({ connectionString: elsewhere.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      const { position } = await store.append(
        'tenant-prompt',
        [{ id: randomUUID(), type: 'Prompt', data: {} }],
        'no_stream',
      );
      // Still open elsewhere, yet the event becomes readable (xmin alone would hold it back).
      await waitFor(
        () => store.readAll(),
        (events) => events.at(-1)?.position === position,
        {
          within: '3s',
          description: 'the event to be readable while the other database has a transaction open',
        },
      );
      await other.query('COMMIT');
    } finally {
      await other.end();
      await elsewhere.drop();
    }
  });

  it('is not held back by a transaction of a session named as never appending (e.g. the projector)', async () => {
    const projector = new Client({ connectionString: database.url, application_name: nonAppendingSessionName('test') });
    await projector.connect();
    try {
      await projector.query('BEGIN');
      await projector.query('SELECT pg_current_xact_id()');
      const { position } = await store.append(
        'tenant-not-held',
        [{ id: randomUUID(), type: 'NotHeld', data: {} }],
        'no_stream',
      );
      await waitFor(
        () => store.readAll(),
        (events) => events.at(-1)?.position === position,
        {
          within: '3s',
          description: 'the event to be readable while the non-appending session has a transaction open',
        },
      );
      await projector.query('COMMIT');
    } finally {
      await projector.end();
    }
  });

  it('lets a follower see every event exactly once, in the order of a later full read', async () => {
    const seen: StoredEvent[] = [];
    const from = (await store.readAll()).at(-1)?.position;
    const follower: Subscription = store.subscribeToAll({
      after: from,
      batchSize: 100,
      onEvents: async (events) => void seen.push(...events),
      onError: (error) => {
        throw error;
      },
    });

    const writers = clients.slice(0, WRITERS).map(async (client, writer) => {
      const stream = `tenant-writer-${writer}`;
      const ids: string[] = [];
      // Every fourth writer sometimes holds its transaction open for a while.
      const holdMs = () => (writer % 4 === 0 && Math.random() < 0.05 ? 50 + Math.random() * 100 : Math.random() * 3);
      for (let revision = 0; revision < APPENDS_PER_WRITER;) {
        const count = 1 + Math.floor(Math.random() * 3);
        ids.push(...(await appendSlowly(client, stream, revision, count, holdMs)));
        revision += count;
      }
      return ids;
    });
    // The adapter's own append runs alongside, through the pool, from a few concurrent callers.
    const viaStore = Array.from({ length: 4 }, async (_, caller) => {
      const ids: string[] = [];
      for (let i = 0; i < 75; i++) {
        const id = randomUUID();
        await store.append(`tenant-store-${(caller + i) % 7}`, [{ id, type: 'Fast', data: { caller, i } }], 'any');
        ids.push(id);
      }
      return ids;
    });
    const written = (await Promise.all([...writers, ...viaStore])).flat();

    await waitFor(
      () => seen.length,
      (count) => count >= written.length,
      {
        within: '20s',
        description: `the follower to see all ${written.length} events`,
      },
    );
    await follower.close();

    const seenIds = seen.map((event) => event.id);
    expect(new Set(seenIds).size).toBe(seenIds.length);
    expect(new Set(seenIds)).toEqual(new Set(written));
    const fullRead = await store.readAll({ after: from });
    expect(seenIds).toEqual(fullRead.map((event) => event.id));
  });
});
