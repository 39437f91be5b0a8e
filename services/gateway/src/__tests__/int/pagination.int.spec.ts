/**
 * Cursor pagination through the gateway (GraphQL connections and REST's Link), over
 * tenants and operations seeded straight into the read model as the rebuild writes them,
 * and tenants created for real: every item once while others are added, filters,
 * search, the page cap, foreign cursors, access and read-your-writes.
 */
import { seedReadModel, seededTenantId } from '@tenantry/testing';
import { Pool } from 'pg';
import { rest } from '../graphql-client';
import { GatewayWorld, STRONG_PASSWORD } from '../gateway-world';

jest.setTimeout(240_000);

const PREFIX = 'seed-';
const TENANTS = 1_200;
const OPERATIONS = 6_000;
const EVENTS = 45;

interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

const TENANTS_PAGE = `query($first: Int, $after: Cursor, $status: ProvisioningStatus, $search: String) {
  tenantsConnection(first: $first, after: $after, status: $status, search: $search) {
    edges { cursor node { id name status createdAt } } pageInfo { hasNextPage endCursor } totalCount } }`;

describe('paged lists through the gateway', () => {
  let world: GatewayWorld;
  let pool: Pool;

  beforeAll(async () => {
    world = await GatewayWorld.start('gw_pages');
    pool = new Pool({ connectionString: world.system.database.url, max: 2 });
    await seedReadModel(pool, { prefix: PREFIX, tenants: TENANTS, operations: OPERATIONS, events: EVENTS });
  });
  afterAll(async () => {
    await pool?.end();
    await world?.dispose();
  });

  const column = async (sql: string, values: unknown[] = []) =>
    (await pool.query(sql, values)).rows.map((row) => Object.values(row)[0] as string);

  async function page<T>(
    field: string,
    query: string,
    variables: Record<string, unknown>,
    token?: string,
  ): Promise<Connection<T>> {
    const result = await world.query(query, variables, token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return field.split('.').reduce((data, key) => data[key], result.data) as Connection<T>;
  }

  it('gives every tenant once, newest first, while tenants are added between pages', async () => {
    const before = new Set(await column('select id from read_model.tenants'));
    const seen: Array<{ id: string; createdAt: string }> = [];
    let after: string | null = null;
    for (let round = 0; ; round++) {
      const found: Connection<{ id: string; createdAt: string }> = await page('tenantsConnection', TENANTS_PAGE, {
        first: 40,
        after,
      });
      seen.push(...found.edges.map((edge) => edge.node));
      if (!found.pageInfo.hasNextPage) break;
      after = found.pageInfo.endCursor;
      // Added between pages: some as old as the oldest seeded ones (pages still to come), one
      // for real (the newest: at the head, behind us).
      await seedReadModel(pool, { prefix: `late${round}-`, tenants: 2, operations: 0 });
      if (round === 3) expect((await world.createTenant({ id: 'added-midway' })).errors).toBeUndefined();
    }
    const ids = seen.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => before.has(id)).sort()).toEqual([...before].sort());
    expect(ids).not.toContain('added-midway');
    const times = seen.map((t) => Date.parse(t.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('shows a tenant accepted a moment ago at the head of the first page (read your writes)', async () => {
    expect((await world.createTenant({ id: 'just-created', name: 'Just Created' })).errors).toBeUndefined();
    const found = await page<{ id: string }>('tenantsConnection', TENANTS_PAGE, { first: 1 });
    expect(found.edges.map((edge) => edge.node.id)).toEqual(['just-created']);
  });

  it('filters by status and counts what matches', async () => {
    const failed = await column(`select id from read_model.tenants where status = 'FAILED'`);
    const found = await page<{ id: string; status: string }>('tenantsConnection', TENANTS_PAGE, {
      first: 100,
      status: 'FAILED',
    });
    expect(found.totalCount).toBe(failed.length);
    expect(found.edges.every((edge) => edge.node.status === 'FAILED')).toBe(true);
    expect(found.pageInfo.hasNextPage).toBe(failed.length > 100);
  });

  it('searches a case-insensitive prefix of the id or the name', async () => {
    const byName = await page<{ name: string }>('tenantsConnection', TENANTS_PAGE, { first: 100, search: 'wONKA c' });
    expect(byName.totalCount).toBeGreaterThan(0);
    expect(byName.edges.every((edge) => edge.node.name.startsWith('Wonka C '))).toBe(true);
    const byId = await page<{ id: string }>('tenantsConnection', TENANTS_PAGE, { first: 100, search: 'JUST-c' });
    expect(byId.edges.map((edge) => edge.node.id)).toEqual(['just-created']);
    expect((await page('tenantsConnection', TENANTS_PAGE, { first: 100, search: '%' })).totalCount).toBe(0);
  });

  it('pages operations by kind, status and tenant, newest first', async () => {
    const query = `query($after: Cursor, $tenantId: ID) {
      operationsConnection(first: 100, after: $after, kind: DELETE, status: FAILED, tenantId: $tenantId) {
        edges { node { id kind status tenantId requestedAt } } pageInfo { hasNextPage endCursor } totalCount } }`;
    const expected = await column(
      `select id from read_model.operations where kind = 'DELETE' and status = 'FAILED' order by requested_at desc, id desc`,
    );
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const found: Connection<{ id: string }> = await page('operationsConnection', query, { after });
      expect(found.totalCount).toBe(expected.length);
      ids.push(...found.edges.map((edge) => edge.node.id));
      if (!found.pageInfo.hasNextPage) break;
      after = found.pageInfo.endCursor;
    }
    expect(ids).toEqual(expected);
    const tenantId = seededTenantId(PREFIX, 3);
    const ofTenant = await page<{ tenantId: string }>('operationsConnection', query, { tenantId });
    expect(ofTenant.edges.every((edge) => edge.node.tenantId === tenantId)).toBe(true);
  });

  it("pages a tenant's operations and history, newest first", async () => {
    const tenantId = seededTenantId(PREFIX);
    const all = async <T>(field: 'operationsConnection' | 'historyConnection', node: string): Promise<T[]> => {
      const query = `query($id: ID!, $after: Cursor) { tenant(id: $id) {
        ${field}(first: 20, after: $after) { edges { node { ${node} } } pageInfo { hasNextPage endCursor } totalCount } } }`;
      const items: T[] = [];
      let after: string | null = null;
      for (;;) {
        const found: Connection<T> = await page(`tenant.${field}`, query, { id: tenantId, after });
        items.push(...found.edges.map((edge) => edge.node));
        expect(found.totalCount).toBeGreaterThanOrEqual(items.length);
        if (!found.pageInfo.hasNextPage) return items;
        after = found.pageInfo.endCursor;
      }
    };
    const expected = await column(
      `select id from read_model.operations where tenant_id = $1 order by requested_at desc, id desc`,
      [tenantId],
    );
    expect((await all<{ id: string }>('operationsConnection', 'id')).map((o) => o.id)).toEqual(expected);
    expect((await all<{ version: number }>('historyConnection', 'version')).map((e) => e.version)).toEqual(
      [...Array(EVENTS).keys()].reverse(),
    );
  });

  it('refuses a page over 100, or a cursor the list did not give out, with BAD_USER_INPUT naming the argument', async () => {
    const refusal = async (variables: Record<string, unknown>, query = TENANTS_PAGE) => {
      const result = await world.query(query, variables);
      return { code: result.errors?.[0]?.extensions?.code, field: result.errors?.[0]?.extensions?.fields?.[0]?.field };
    };
    expect(await refusal({ first: 101 })).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await refusal({ first: -1 })).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await refusal({ first: 10, after: 'not-a-cursor' })).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    const operationCursor = (
      await page<unknown>('operationsConnection', '{ operationsConnection(first: 1) { edges { cursor } } }', {})
    ).edges[0]!.cursor;
    expect(await refusal({ first: 10, after: operationCursor })).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    const hundred = await page('tenantsConnection', TENANTS_PAGE, { first: 100 });
    expect(hundred.edges).toHaveLength(100);
  });

  it('keeps the deprecated plain list, capped at the 1,000 newest tenants', async () => {
    const result = await world.query<{ tenants: Array<{ id: string }> }>('{ tenants { id } }');
    expect(result.data!.tenants).toHaveLength(1_000);
    expect(result.data!.tenants.at(-1)!.id).toBe('just-created');
  });

  it('REST: follows the Link rel="next" through every tenant of a filter, then none', async () => {
    const expected = await column(
      `select id from read_model.tenants where status = 'FAILED' order by created_at desc, id desc`,
    );
    const ids: string[] = [];
    let next: string | null = '/api/tenants?status=FAILED&limit=25';
    let pages = 0;
    while (next) {
      const response = await rest(world.url, 'GET', next, world.rootToken);
      expect(response.status).toBe(200);
      ids.push(...(response.body as Array<{ id: string }>).map((t) => t.id));
      next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
      pages++;
    }
    expect(ids).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 25) + (expected.length % 25 === 0 ? 1 : 0));
  });

  it('REST: refuses limit over 100 and a bad cursor as 400 problems naming the parameter', async () => {
    const over = await rest(world.url, 'GET', '/api/tenants?limit=101', world.rootToken);
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(over.body)).toContain('limit');
    const bad = await rest(world.url, 'GET', '/api/tenants?cursor=zzz', world.rootToken);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('cursor');
  });

  it('shows a tenant administrator only their own tenant and its operations', async () => {
    await world.createTenant({ id: 'own-pages', name: 'Own Pages', adminEmail: 'owner@own-pages.test' });
    const token = await world.waitForLogin('own-pages', 'owner@own-pages.test', STRONG_PASSWORD);
    const tenants = await page<{ id: string }>('tenantsConnection', TENANTS_PAGE, { first: 100 }, token);
    expect(tenants.edges.map((edge) => edge.node.id)).toEqual(['own-pages']);
    expect(tenants.totalCount).toBe(1);
    const searched = await page('tenantsConnection', TENANTS_PAGE, { first: 100, search: 'seed' }, token);
    expect(searched.totalCount).toBe(0);
    const operationsQuery = `query($tenantId: ID) { operationsConnection(first: 100, tenantId: $tenantId) {
      edges { node { tenantId } } totalCount } }`;
    const own = await page<{ tenantId: string }>('operationsConnection', operationsQuery, {}, token);
    expect(own.edges.length).toBeGreaterThan(0);
    expect(own.edges.every((edge) => edge.node.tenantId === 'own-pages')).toBe(true);
    const foreign = await page('operationsConnection', operationsQuery, { tenantId: seededTenantId(PREFIX) }, token);
    expect(foreign).toMatchObject({ edges: [], totalCount: 0 });
    const listed = await rest(world.url, 'GET', '/api/tenants', token);
    expect((listed.body as Array<{ id: string }>).map((t) => t.id)).toEqual(['own-pages']);
  });
});
