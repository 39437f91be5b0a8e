import { Inbox } from '@tenantry/testing';
import { rest } from '../graphql-client';
import { GatewayWorld, STRONG_PASSWORD, TenantResult } from '../gateway-world';

/**
 * Issue 4, through the public API of the real system: GraphQL over HTTP and
 * graphql-ws, the REST facade, tenant-command, provisioner and the projector.
 */
// Three services start per file; under a loaded machine that takes a while.
jest.setTimeout(180_000);

describe('tenant lifecycle through the gateway', () => {
  let world: GatewayWorld;

  beforeAll(async () => {
    world = await GatewayWorld.start('gw_lifecycle');
  });
  afterAll(async () => {
    await world?.dispose();
  });

  const openFeed = () => world.followNotifications(world.socket().client);

  it('(1) accepts createTenant at once as PENDING, provisions it, and tells the initiator by name', async () => {
    const feed = await openFeed();
    const statuses = new Inbox<string>();
    const reply = await world.createTenant({ id: 'acme-fc', name: 'Acme FC' });
    expect(reply.errors).toBeUndefined();
    expect(reply.data?.createTenant).toEqual({
      tenantId: 'acme-fc',
      operationId: expect.any(String),
      status: 'PENDING',
    });

    const seen: string[] = [];
    const active = await world.waitForTenant(
      'acme-fc',
      (t) => {
        if (t && seen.at(-1) !== t.status) {
          seen.push(t.status);
          statuses.push(t.status);
        }
        return t?.status === 'ACTIVE';
      },
      'to be ACTIVE',
    );
    expect(active).toMatchObject({
      name: 'Acme FC',
      isActive: true,
      database: { mode: 'SHARED', name: 'tenant_acme_fc' },
    });
    // Polling may miss a short-lived status, but never sees them out of order.
    const order = ['PENDING', 'PROVISIONING', 'ACTIVE'];
    expect(seen.map((s) => order.indexOf(s))).toEqual([...seen.map((s) => order.indexOf(s))].sort());
    expect(seen.at(-1)).toBe('ACTIVE');

    const created = await feed.notifications.next((n) => n.type === 'TENANT_CREATED' && n.tenantId === 'acme-fc', {
      within: '20s',
    });
    expect(created.message).toContain('Acme FC');
    expect(created.operationId).toBe(reply.data!.createTenant.operationId);
  });

  it('(2) refuses a duplicate id as TENANT_EXISTS, and REST as 400', async () => {
    const again = await world.createTenant({ id: 'acme-fc' });
    expect(again.errors?.[0]).toMatchObject({
      message: 'Tenant already exists',
      extensions: { code: 'TENANT_EXISTS' },
    });
    const viaRest = await rest(world.url, 'POST', '/api/tenants', world.rootToken, {
      id: 'acme-fc',
      name: 'Acme',
      adminEmail: 'o@acme.test',
      adminPassword: STRONG_PASSWORD,
    });
    expect(viaRest.status).toBe(400);
    expect(viaRest.headers.get('content-type')).toBe('application/problem+json');
    expect(viaRest.body).toMatchObject({ status: 400, code: 'TENANT_EXISTS', detail: 'Tenant already exists' });
  });

  it('(3) names every failing field as BAD_USER_INPUT, and REST lists them under `errors`', async () => {
    const bad = { id: 'Not A Slug', name: ' ', adminEmail: 'nope', adminPassword: 'short' };
    const reply = await world.createTenant(bad);
    expect(reply.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = reply.errors![0]!.extensions!.fields!;
    expect(fields.map((f) => f.field).sort()).toEqual(['adminEmail', 'adminPassword', 'id', 'name']);
    expect(fields.find((f) => f.field === 'id')?.message).toBe(
      'Tenant Id must be a slug (lowercase letters, numbers, and hyphens only).',
    );

    const viaRest = await rest(world.url, 'POST', '/api/tenants', world.rootToken, bad);
    expect(viaRest.status).toBe(400);
    expect(Object.keys(viaRest.body.errors).sort()).toEqual(['adminEmail', 'adminPassword', 'id', 'name']);
    expect(viaRest.body.errors.id).toEqual([
      'Tenant Id must be a slug (lowercase letters, numbers, and hyphens only).',
    ]);
  });

  it('(4) updates a tenant UPDATING → ACTIVE with the new name and delivers TENANT_UPDATED', async () => {
    const feed = await openFeed();
    const reply = await world.updateTenant('acme-fc', { name: 'Acme Football Club' });
    expect(reply.data?.updateTenant).toMatchObject({ tenantId: 'acme-fc', status: 'UPDATING' });
    const updated = await world.waitForTenant(
      'acme-fc',
      (t) => t?.status === 'ACTIVE' && t.name === 'Acme Football Club',
      'ACTIVE with its new name',
    );
    expect(updated.name).toBe('Acme Football Club');
    const note = await feed.notifications.next((n) => n.type === 'TENANT_UPDATED' && n.tenantId === 'acme-fc', {
      within: '20s',
    });
    expect(note.operationId).toBe(reply.data!.updateTenant.operationId);
  });

  it('(4b) REST: PUT, GET and the list answer as the README says', async () => {
    const put = await rest(world.url, 'PUT', '/api/tenants/acme-fc', world.rootToken, { name: 'Acme FC' });
    expect(put.status).toBe(202);
    expect(put.headers.get('location')).toBe('/api/tenants/acme-fc');
    await world.waitForTenant('acme-fc', (t) => t?.status === 'ACTIVE' && t.name === 'Acme FC', 'renamed back');
    const one = await rest(world.url, 'GET', '/api/tenants/acme-fc', world.rootToken);
    expect(one.body).toMatchObject({ id: 'acme-fc', name: 'Acme FC', status: 'ACTIVE' });
    const list = await rest(world.url, 'GET', '/api/tenants', world.rootToken);
    expect(list.body.map((t: TenantResult) => t.id)).toEqual(expect.arrayContaining(['root', 'acme-fc']));
    expect((await rest(world.url, 'GET', '/api/tenants/nope', world.rootToken)).status).toBe(404);
    expect((await rest(world.url, 'GET', '/api/tenants')).status).toBe(401);
  });

  it('(5) refuses to edit root: ROOT_TENANT_IMMUTABLE "Cannot edit root tenant", REST 400', async () => {
    const reply = await world.updateTenant('root', { name: 'Mine now' });
    expect(reply.errors?.[0]).toMatchObject({
      message: 'Cannot edit root tenant',
      extensions: { code: 'ROOT_TENANT_IMMUTABLE' },
    });
    const viaRest = await rest(world.url, 'PUT', '/api/tenants/root', world.rootToken, { name: 'Mine now' });
    expect(viaRest.status).toBe(400);
    expect(viaRest.body).toMatchObject({ code: 'ROOT_TENANT_IMMUTABLE', detail: 'Cannot edit root tenant' });
    const deleted = await world.query('mutation { deleteTenant(id: "root") { status } }');
    expect(deleted.errors?.[0]).toMatchObject({
      message: 'Cannot delete root tenant',
      extensions: { code: 'ROOT_TENANT_IMMUTABLE' },
    });
  });

  it('(7) fails an EXTERNAL tenant with an unreachable database, says so, and never shows its password', async () => {
    const feed = await openFeed();
    const reply = await world.createTenant({
      id: 'far-away',
      name: 'Far Away',
      database: 'EXTERNAL',
      connectionString: 'postgres://u:secretpw@127.0.0.1:1/x',
    });
    expect(reply.data?.createTenant.status).toBe('PENDING');
    const failed = await world.waitForTenant('far-away', (t) => t?.status === 'FAILED', 'to be FAILED', '60s');
    // The driver's text (for searching) and what to do about it.
    const unreachable =
      'The database server could not be reached (ECONNREFUSED). Check its host and port and that it accepts connections, then retry.';
    expect(failed.provisioningError).toBe(unreachable);
    const note = await feed.notifications.next(
      (n) => n.type === 'TENANT_CREATION_FAILED' && n.tenantId === 'far-away',
      { within: '30s' },
    );
    expect(note.error).toBe(unreachable);

    const everything = [
      JSON.stringify(reply),
      JSON.stringify(failed),
      JSON.stringify(note),
      JSON.stringify(
        await world.query(
          '{ tenant(id: "far-away") { history { type data } operations { error } currentOperation { error } } }',
        ),
      ),
      JSON.stringify(await world.query('{ notifications(scope: ALL) { message error } }')),
      (await rest(world.url, 'GET', '/api/tenants/far-away', world.rootToken)).text,
      (await rest(world.url, 'GET', '/api/tenants', world.rootToken)).text,
      world.allLogs(),
    ].join('\n');
    expect(everything).not.toContain('secretpw');
  });
});
