import { IDEMPOTENCY_KEY_REUSED } from '@tenantry/tenant-domain';
import { withClient } from '@tenantry/testing';
import { GatewayWorld, STRONG_PASSWORD } from '../gateway-world';

/**
 * A request is acted on once: the same idempotency key from the same user answers the
 * first answer (GraphQL argument or input field, REST `Idempotency-Key` header), another
 * request with it is BAD_USER_INPUT, and a command sent while tenant-command is down is
 * sent again by the gateway, with its key, until it is back.
 */
jest.setTimeout(180_000);

const ACCEPTED = 'tenantId operationId status version';
const CREATE = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { ${ACCEPTED} } }`;

describe('idempotency keys, end to end', () => {
  let world: GatewayWorld;

  beforeAll(async () => {
    // Long enough for a tenant-command to restart on a loaded machine.
    world = await GatewayWorld.start('idempotency', { gatewayEnv: { COMMAND_RETRY_SECONDS: '90' } });
  });
  afterAll(async () => {
    await world?.dispose();
  });

  const input = (id: string) => ({
    id,
    name: `Tenant ${id}`,
    adminEmail: `owner@${id}.test`,
    adminPassword: STRONG_PASSWORD,
  });
  const requestedCount = (tenantId: string) =>
    withClient(world.system.database.url, async (client) =>
      Number(
        (
          await client.query(`SELECT count(*) FROM events WHERE stream = $1 AND type = 'TenantRequested'`, [
            `tenant-${tenantId}`,
          ])
        ).rows[0].count,
      ),
    );
  const restCreate = (body: unknown, key: string) =>
    fetch(`${world.url.replace(/\/graphql$/, '')}/api/tenants`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${world.rootToken}`,
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: await response.json() }));

  it('answers createTenant sent twice with one key with the same Accepted, requesting the tenant once', async () => {
    const first = await world.query(CREATE, { input: { ...input('idem-twice'), idempotencyKey: 'create-idem-twice' } });
    const second = await world.query(CREATE, {
      input: { ...input('idem-twice'), idempotencyKey: 'create-idem-twice' },
    });

    expect(first.errors).toBeUndefined();
    expect(second).toEqual(first);
    expect(await requestedCount('idem-twice')).toBe(1);
  });

  it('refuses the key with another input as BAD_USER_INPUT', async () => {
    await world.query(CREATE, { input: { ...input('idem-first'), idempotencyKey: 'create-idem-other' } });

    const other = await world.query(CREATE, {
      input: { ...input('idem-second'), idempotencyKey: 'create-idem-other' },
    });

    expect(other.errors?.[0]).toMatchObject({
      message: IDEMPOTENCY_KEY_REUSED,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await requestedCount('idem-second')).toBe(0);
  });

  it('does the same for REST’s Idempotency-Key header', async () => {
    const first = await restCreate(input('idem-rest'), 'rest-key');
    const second = await restCreate(input('idem-rest'), 'rest-key');
    const other = await restCreate(input('idem-rest-other'), 'rest-key');

    expect(first.status).toBe(202);
    expect(second).toEqual(first);
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ detail: IDEMPOTENCY_KEY_REUSED });
    expect(await requestedCount('idem-rest')).toBe(1);
    expect(await requestedCount('idem-rest-other')).toBe(0);
  });

  it('answers a command sent while tenant-command is down once it is back, acting once', async () => {
    await world.system.services.get('tenant-command')!.stop();

    const sent = world.query(CREATE, { input: input('idem-restart') });
    const restarted = await world.system.start('tenant-command', { instance: 'tenant-command-again' });
    const answer = await sent;

    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({ createTenant: { tenantId: 'idem-restart', status: 'PENDING' } });
    expect(await requestedCount('idem-restart')).toBe(1);
    // Log lines are written 100 ms at a time: the line comes, not necessarily before the answer.
    await restarted.waitForLog(/"outcome":"accepted"/, { within: '5s' });
  });
});
