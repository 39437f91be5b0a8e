/**
 * The paged lists over seeded tables (rows as the rebuild writes them): every item once,
 * newest first, ties on time ordered by id; and each page's plan reads an index, never
 * the whole table (checked with sequential scans disabled: a query no index can serve
 * would still show a Seq Scan).
 */
import { seedReadModel, seededTenantId } from '@tenantry/testing';
import { Pool } from 'pg';
import type { ReadModel } from '../read-model';
import { SqlReadModelQueries } from '../queries/read-model-queries';
import type { Page, PageRequest } from '../ports';
import { createReadSideWorld, ReadSideWorld } from './read-side-world';

jest.setTimeout(120_000);

const PREFIX = 'seed-';
const TENANTS = 3_000;
const OPERATIONS = 20_000;
const EVENTS = 45;

describe('paged lists of the read model', () => {
  let world: ReadSideWorld;
  let readModel: ReadModel;
  let pool: Pool;
  const statements: Array<{ text: string; values: unknown[] }> = [];
  let queries: SqlReadModelQueries;

  beforeAll(async () => {
    world = await createReadSideWorld('pages');
    readModel = await world.openReadModel({ projector: false });
    pool = new Pool({ connectionString: world.database.url, max: 2 });
    await seedReadModel(pool, { prefix: PREFIX, tenants: TENANTS, operations: OPERATIONS, events: EVENTS });
    await pool.query('analyze read_model.tenants, read_model.operations, read_model.tenant_events');
    // The same queries, each statement kept to be explained.
    queries = new SqlReadModelQueries({
      query: (text: string, values: unknown[] = []) => {
        statements.push({ text, values });
        return pool.query(text, values);
      },
    } as never);
  });
  afterAll(async () => {
    await pool?.end();
    await readModel?.close();
    await world?.dispose();
  });

  async function all<T>(read: (page: PageRequest) => Promise<Page<T>>, first: number): Promise<T[]> {
    const items: T[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await read({ first, ...(after ? { after } : {}) });
      items.push(...page.edges.map((edge) => edge.node));
      if (!page.hasNextPage) return items;
      after = page.edges.at(-1)!.cursor;
    }
  }

  it('give every tenant once, newest first, ties on creation time by id (descending)', async () => {
    const tenants = await all((page) => queries.tenantsPage({}, page), 97);
    expect(tenants).toHaveLength(TENANTS);
    expect(new Set(tenants.map((t) => t.id)).size).toBe(TENANTS);
    // Two seeded tenants share each second: the odd index comes first.
    expect(tenants.slice(0, 3).map((t) => t.id)).toEqual([
      seededTenantId(PREFIX, 2999),
      seededTenantId(PREFIX, 2998),
      seededTenantId(PREFIX, 2997),
    ]);
    expect(await queries.countTenants({})).toBe(TENANTS);
  });

  it("give one tenant's operations and history newest first, each once", async () => {
    const tenantId = seededTenantId(PREFIX);
    const operations = await all((page) => queries.operationsPage({ tenantId }, page), 20);
    const expected = Number(
      (await pool.query(`select count(*) from read_model.operations where tenant_id = $1`, [tenantId])).rows[0].count,
    );
    expect(operations).toHaveLength(expected);
    expect(new Set(operations.map((o) => o.id)).size).toBe(expected);
    const times = operations.map((o) => o.requestedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const history = await all((page) => queries.historyPage(tenantId, page), 20);
    expect(history.map((e) => e.version)).toEqual([...Array(EVENTS).keys()].reverse());
  });

  it('search a case-insensitive prefix of the id or the name, LIKE characters taken literally', async () => {
    const byName = await all((page) => queries.tenantsPage({ search: 'wONKA c' }, page), 100);
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((t) => t.name.startsWith('Wonka C '))).toBe(true);
    expect(byName).toHaveLength(await queries.countTenants({ search: 'wonka c' }));
    const byId = await all((page) => queries.tenantsPage({ search: 'SEED-00012' }, page), 100);
    expect(byId.map((t) => t.id).sort()).toEqual(
      [...Array(10).keys()].map((i) => seededTenantId(PREFIX, 120 + i)).sort(),
    );
    expect((await queries.tenantsPage({ search: '%' }, { first: 10 })).edges).toEqual([]);
    expect((await queries.tenantsPage({ search: 'seed_' }, { first: 10 })).edges).toEqual([]);
  });

  it('refuse a cursor of another list or of no list', async () => {
    const operationCursor = (await queries.operationsPage({}, { first: 1 })).edges[0]!.cursor;
    await expect(queries.tenantsPage({}, { first: 5, after: operationCursor })).rejects.toMatchObject({
      name: 'InvalidCursor',
    });
    await expect(queries.historyPage('x', { first: 5, after: 'bm9uc2Vuc2U' })).rejects.toMatchObject({
      name: 'InvalidCursor',
    });
  });

  describe('read an index, not the table', () => {
    const cursorOf = async <T>(read: (page: PageRequest) => Promise<Page<T>>) =>
      (await read({ first: 50 })).edges.at(-1)!.cursor;

    async function planOf(read: () => Promise<unknown>): Promise<string> {
      statements.length = 0;
      await read();
      const [statement] = statements.splice(0);
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query('set local enable_seqscan = off');
        const { rows } = await client.query(`explain ${statement!.text}`, statement!.values);
        await client.query('rollback');
        return rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
      } finally {
        client.release();
      }
    }

    // The tenant with many operations (a tenant with a handful is sorted in memory, rightly).
    const tenantId = seededTenantId(PREFIX);
    const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
      ['tenants', () => queries.tenantsPage({}, { first: 50 }), /tenants_created_at_id_index/],
      [
        'tenants after a cursor',
        async () => queries.tenantsPage({}, { first: 50, after: await cursorOf((p) => queries.tenantsPage({}, p)) }),
        /tenants_created_at_id_index/,
      ],
      [
        'tenants by status',
        () => queries.tenantsPage({ status: 'FAILED' }, { first: 50 }),
        /tenants_status_created_at_id_index/,
      ],
      [
        'tenants by id prefix',
        () => queries.tenantsPage({ search: 'seed-0001' }, { first: 50 }),
        /tenants_id_prefix_index/,
      ],
      [
        'tenants by name prefix',
        () => queries.tenantsPage({ search: 'wonka c 12' }, { first: 50 }),
        /tenants_name_prefix_index/,
      ],
      ['operations', () => queries.operationsPage({}, { first: 50 }), /operations_requested_at_id_index/],
      [
        "a tenant's operations",
        () => queries.operationsPage({ tenantId }, { first: 20 }),
        /operations_tenant_id_requested_at_id_index/,
      ],
      [
        'operations by status',
        () => queries.operationsPage({ status: 'RUNNING' }, { first: 50 }),
        /operations_status_requested_at_id_index/,
      ],
      [
        'operations by kind',
        () => queries.operationsPage({ kind: 'DELETE' }, { first: 50 }),
        /operations_kind_requested_at_id_index/,
      ],
      ["a tenant's history", () => queries.historyPage(tenantId, { first: 20 }), /tenant_events_pkey/],
    ];
    it.each(cases)('%s', async (_, read, index) => {
      const plan = await planOf(read);
      expect(plan).not.toMatch(/Seq Scan/);
      expect(plan).toMatch(index);
    });

    it.each(cases.filter(([name]) => !name.includes('prefix')))('%s: already in order (no sort)', async (_, read) => {
      expect(await planOf(read)).not.toMatch(/Sort/);
    });
  });
});
