/**
 * The relay and every follower read the log with `readLog` several times a second. Its
 * held-back check, written as `EXISTS` with two conditions, got a generic plan (the one a
 * prepared statement settles on) that scanned the whole events table: ~9 ms at 40,000
 * events, a third of PostgreSQL's CPU under the bench's load, and more as the store grows.
 */
import { randomUUID } from 'node:crypto';
import { Client, Pool, QueryConfig } from 'pg';
import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { postgresEventStore, PostgresEventStore } from './postgres-event-store';
import { readLog } from './read';
import { eventStoreTables } from './tables';

jest.setTimeout(60_000);

const STREAMS = 1_000;
const EVENTS_PER_APPEND = 5;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}
interface ExplainedPlan {
  Plan: PlanNode & { 'Shared Hit Blocks': number; 'Shared Read Blocks': number };
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe('reading the log', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let client: Client;
  let statement: QueryConfig;

  beforeAll(async () => {
    database = await createTestDatabase('read_log_plan');
    pool = new Pool({ connectionString: database.url, max: 8 });
    store = postgresEventStore({ pool });
    await store.ensureSchema();
    for (let first = 0; first < STREAMS; first += 50)
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.append(
            `tenant-${first + i}`,
            Array.from({ length: EVENTS_PER_APPEND }, () => ({ id: randomUUID(), type: 'Filled', data: {} })),
            'no_stream',
          ),
        ),
      );
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('ANALYZE events');
    // The statement as readLog sends it, from the end of the log (where the relay reads).
    const { position } = (await store.readAll({ everythingCommitted: true })).at(-1)!;
    const sent: QueryConfig[] = [];
    const recording = { query: (config: QueryConfig) => (sent.push(config), pool.query(config)) } as unknown as Pool;
    await readLog(recording, eventStoreTables(), { after: position, limit: 100 });
    statement = sent[0]!;
  });
  afterAll(async () => {
    await client?.end();
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  it(`probes the index, not the table, in the plan a prepared statement settles on (${STREAMS * EVENTS_PER_APPEND} events)`, async () => {
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query(`PREPARE read_log_probe AS ${statement.text}`);
    // EXECUTE takes no bind parameters: the values (digits) go in as literals.
    const literals = statement.values!.map((value) => `'${String(value)}'`).join(', ');
    const { rows } = await client.query<{ 'QUERY PLAN': ExplainedPlan[] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE read_log_probe(${literals})`,
    );
    const [{ Plan: plan }] = rows[0]!['QUERY PLAN'];
    const scans = nodesOf(plan).filter(
      (node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'events',
    );
    expect(scans).toEqual([]);
    // A few index pages, not the table's hundreds.
    expect(plan['Shared Hit Blocks'] + plan['Shared Read Blocks']).toBeLessThan(30);
  });
});
