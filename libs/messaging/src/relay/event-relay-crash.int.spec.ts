import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { postgresEventStore, PostgresEventStore } from '@tenantry/event-store';
import { createTestDatabase, spawnService, TestDatabase, testNats, uniquePrefix } from '@tenantry/testing';
import { JetStreamManager, NatsConnection } from 'nats';
import { readStreamFromStart, storedMessageCount } from '../__tests__/stream-reader';
import { connectNats } from '../connect-nats';
import { natsNames } from '../nats-names';
import { ensureTenantEventsStream } from '../stream/tenant-events-stream';

// jest's per-project testTimeout is not applied: set this file's budget here.
jest.setTimeout(30_000);

// The relay runs in a child process from the built packages, so a SIGKILL is a real crash.
const RELAY_PROCESS = join(__dirname, '../__tests__/relay-process.js');
const BUILT = join(__dirname, '../../dist/index.js');

const prefix = uniquePrefix('relay_crash');
const names = natsNames(prefix);
let database: TestDatabase;
let store: PostgresEventStore;
let nc: NatsConnection;
let jsm: JetStreamManager;
let natsUrl: string;

beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run "npm run build" before this test`);
  database = await createTestDatabase('relay_crash');
  store = postgresEventStore({ connectionString: database.url, schema: prefix });
  await store.ensureSchema();
  natsUrl = (await testNats()).url;
  nc = await connectNats({ url: natsUrl, name: 'relay-crash-spec' });
  jsm = await nc.jetstreamManager();
  await ensureTenantEventsStream(jsm, names);
});
afterAll(async () => {
  await jsm.streams.delete(names.stream).catch(() => undefined);
  await nc.close();
  await store.close();
  await database.drop();
});

const relayProcess = (hangAtBatch = 0) =>
  spawnService(
    RELAY_PROCESS,
    {
      DATABASE_URL: database.url,
      NATS_URL: natsUrl,
      NATS_PREFIX: prefix,
      EVENT_SCHEMA: prefix,
      RELAY_NAME: prefix,
      BATCH_SIZE: '25',
      HANG_BEFORE_CHECKPOINT_OF_BATCH: String(hangAtBatch),
    },
    { name: hangAtBatch ? 'relay-crashing' : 'relay-restarted' },
  );

describe('a relay process killed between publish and checkpoint', () => {
  it('is followed by one that re-publishes from the checkpoint, and the stream holds each event once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const id = randomUUID();
      await store.append(`tenant-t${i % 4}`, [{ id, type: 'TenantRequested', data: { i } }], 'any');
      ids.push(id);
    }

    const crashing = relayProcess(3);
    await crashing.waitForLog(/acknowledged batch 3; hanging before its checkpoint/, { within: '60s' });
    expect(await storedMessageCount(jsm, names.stream)).toBe(75);
    expect(await crashing.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });

    const restarted = relayProcess();
    try {
      // Batch 3 comes again (25 duplicates), then the last batch is new.
      await restarted.waitForLog(/relay leader published=25 duplicates=25/, { within: '60s' });
    } finally {
      await restarted.stop();
    }

    // No relay runs any more, so the stream's count is final: 100 messages, and nothing else can arrive.
    expect(await storedMessageCount(jsm, names.stream)).toBe(100);
    const reader = await readStreamFromStart(nc.jetstream(), names.stream);
    const received = await reader.inbox.take(100, () => true, { within: '30s', description: 'every stored message' });
    await reader.stop();
    expect(received.map((message) => message.event.id)).toEqual(ids);
    const checkpoint = await store.pool.query(`SELECT position FROM "${prefix}".relay_checkpoints WHERE name = $1`, [
      prefix,
    ]);
    expect(checkpoint.rows).toEqual([{ position: (await store.readAll()).at(-1)!.position }]);
  });
});
