import { graphql, rest } from '../graphql-client';
import { GatewayWorld, STRONG_PASSWORD, TENANT_FIELDS, TenantResult } from '../gateway-world';

/**
 * Read your writes, across replicas: once a command is accepted through one gateway, a
 * read through the other one, started right after the answer, shows the accepted state
 * or a later one (never a 404, never an older version).
 */
jest.setTimeout(300_000);

const ACCEPTED = 'tenantId operationId status version';
const COUNT = 200;
const IN_FLIGHT = 8;

interface AcceptedResult {
  tenantId: string;
  operationId: string;
  status: string;
  version: number;
}
type Read = 'graphql tenant' | 'rest location' | 'graphql tenants';

describe('a read right after an accepted command, through the other gateway', () => {
  let world: GatewayWorld;
  let gateways: [string, string];

  beforeAll(async () => {
    world = await GatewayWorld.start('read_your_writes', { provisionerEnv: { PROVISIONER_CONCURRENCY: '4' } });
    const first = world.url;
    gateways = [first, await world.startGateway()];
  });
  afterAll(async () => {
    await world?.dispose();
  });

  /** What `read` shows of the tenant through `url`; null when it says the tenant does not exist. */
  async function readThrough(url: string, read: Read, tenantId: string): Promise<TenantResult | null> {
    if (read === 'rest location') {
      const response = await rest(url, 'GET', `/api/tenants/${tenantId}`, world.rootToken);
      if (response.status === 404) return null;
      if (response.status !== 200) throw new Error(`GET /api/tenants/${tenantId}: ${response.status} ${response.text}`);
      return response.body as TenantResult;
    }
    const query =
      read === 'graphql tenant'
        ? `query($id: ID!) { tenant(id: $id) { ${TENANT_FIELDS} } }`
        : `{ tenants { ${TENANT_FIELDS} } }`;
    const result = await graphql<{ tenant?: TenantResult | null; tenants?: TenantResult[] }>(
      url,
      query,
      { id: tenantId },
      world.rootToken,
    );
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.tenant ?? result.data!.tenants?.find((t) => t.id === tenantId) ?? null;
  }

  /** Runs `count` accept-then-read rounds, `IN_FLIGHT` at a time; returns the stale reads. */
  async function acceptThenRead(
    count: number,
    accept: (url: string, i: number) => Promise<AcceptedResult>,
  ): Promise<string[]> {
    const stale: string[] = [];
    let next = 0;
    const reads: Read[] = ['graphql tenant', 'rest location', 'graphql tenant', 'graphql tenants'];
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let i = next++; i < count; i = next++) {
          const via = i % 2;
          const accepted = await accept(gateways[via]!, i);
          const read = reads[i % reads.length]!;
          const shown = await readThrough(gateways[1 - via]!, read, accepted.tenantId);
          if (!shown || shown.version < accepted.version) {
            stale.push(
              `${read} of ${accepted.tenantId}: accepted version ${accepted.version} (${accepted.status}), read ${shown ? `version ${shown.version} (${shown.status})` : 'nothing'}`,
            );
          }
        }
      }),
    );
    return stale;
  }

  it('shows each of 200 creates and 200 updates: 0 reads older than the accepted state', async () => {
    const created = await acceptThenRead(COUNT, async (url, i) => {
      const result = await graphql<{ createTenant: AcceptedResult }>(
        url,
        `mutation($input: CreateTenantInput!) { createTenant(input: $input) { ${ACCEPTED} } }`,
        {
          input: {
            id: `ryw-${i}`,
            name: `Read ${i}`,
            adminEmail: `owner@ryw-${i}.test`,
            adminPassword: STRONG_PASSWORD,
          },
        },
        world.rootToken,
      );
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      expect(result.data!.createTenant).toMatchObject({ status: 'PENDING', version: 0 });
      return result.data!.createTenant;
    });
    expect(created).toEqual([]);

    for (let i = 0; i < COUNT; i++)
      await world.waitForTenant(`ryw-${i}`, (t) => t?.status === 'ACTIVE', 'active', '180s');
    const updated = await acceptThenRead(COUNT, async (url, i) => {
      const result = await graphql<{ updateTenant: AcceptedResult }>(
        url,
        `mutation($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { ${ACCEPTED} } }`,
        {
          id: `ryw-${i}`,
          input: { name: `Renamed ${i}` },
        },
        world.rootToken,
      );
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      expect(result.data!.updateTenant.status).toBe('UPDATING');
      return result.data!.updateTenant;
    });
    expect(updated).toEqual([]);
  });

  it('answers the Location of a 202 at once on the other gateway, in the accepted status', async () => {
    const response = await rest(gateways[0], 'POST', '/api/tenants', world.rootToken, {
      id: 'ryw-rest',
      name: 'Read REST',
      adminEmail: 'owner@ryw-rest.test',
      adminPassword: STRONG_PASSWORD,
    });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ tenantId: 'ryw-rest', status: 'PENDING', version: 0 });
    const location = response.headers.get('location')!;
    const read = await rest(gateways[1], 'GET', location, world.rootToken);
    expect(read.status).toBe(200);
    expect(read.body.version).toBeGreaterThanOrEqual(0);
    expect(read.body.id).toBe('ryw-rest');
  });
});
