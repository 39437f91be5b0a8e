/**
 * The relay and every follower read the log with `readLog` several times a second. Its
 * held-back check, written as `EXISTS` with two conditions, got a generic plan that
 * scanned the whole events table: ~9 ms at 40,000 events, a seventh of PostgreSQL's CPU
 * under the bench's load, and more as the store grows. The store's connections use the
 * generic plans (planned once per connection), so each of its reads is checked in that plan.
 */
import { randomUUID } from 'node:crypto';
import { Client, Pool, QueryConfig } from 'pg';
import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { postgresEventStore, PostgresEventStore } from './postgres-event-store';
import { readAll, readLog, readStream } from './read';
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
  const sent: QueryConfig[] = [];

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
    // The statements as the store sends them, from the end of the log (where the relay reads).
    const { position } = (await store.readAll({ everythingCommitted: true })).at(-1)!;
    const recording = { query: (config: QueryConfig) => (sent.push(config), pool.query(config)) } as unknown as Pool;
    const tables = eventStoreTables();
    await readLog(recording, tables, { after: position, limit: 100 });
    await readAll(recording, tables, { after: position, limit: 100, everythingCommitted: true });
    await readStream(recording, tables, 'tenant-500');
  });
  afterAll(async () => {
    await client?.end();
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  it.each(['read_log', 'read_all_committed', 'read_stream'])(
    `%s reads an index, not the table, in its generic plan (${STREAMS * EVENTS_PER_APPEND} events)`,
    async (name) => {
      const statement = sent.find((config) => config.name!.endsWith(`.${name}`))!;
      await client.query('SET plan_cache_mode = force_generic_plan');
      await client.query(`PREPARE probe_${name} AS ${statement.text}`);
      // EXECUTE takes no bind parameters: the values (digits, a stream name) go in as literals.
      const literals = statement.values!.map((value) => `'${String(value)}'`).join(', ');
      const { rows } = await client.query<{ 'QUERY PLAN': ExplainedPlan[] }>(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE probe_${name}(${literals})`,
      );
      const plan = rows[0]!['QUERY PLAN'][0]!.Plan;
      const scans = nodesOf(plan).filter(
        (node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'events',
      );
      expect(scans).toEqual([]);
      // A few index pages, not the table's hundreds.
      expect(plan['Shared Hit Blocks'] + plan['Shared Read Blocks']).toBeLessThan(30);
    },
  );

  it('plans its statements once per connection, not at every execution', async () => {
    const own = postgresEventStore({ connectionString: database.url });
    try {
      await own.append('tenant-planned', [{ id: randomUUID(), type: 'Planned', data: {} }], 'no_stream');
      // One after the other: the pool hands out the connection it got back last, the one that just read.
      for (let read = 0; read < 10; read++) await own.readAll({ limit: 10 });
      const { rows } = await own.pool.query<{ name: string; custom_plans: string; generic_plans: string }>(
        'SELECT name, custom_plans, generic_plans FROM pg_prepared_statements',
      );
      const readLogPlans = rows.find((row) => row.name === 'tenantry_es.public.read_log');
      expect(readLogPlans?.custom_plans).toBe('0');
      expect(Number(readLogPlans?.generic_plans)).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });
});
