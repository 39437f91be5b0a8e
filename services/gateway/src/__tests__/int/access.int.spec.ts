import { followNotifications } from '../graphql-client';
import { GatewayWorld, STRONG_PASSWORD } from '../gateway-world';

const INVALID_LOGIN = { message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } };

/** Who may do and see what: root administrators, their MINE scopes, tenant admins, logins. */
// Three services start per file; under a loaded machine that takes a while.
jest.setTimeout(180_000);

describe('access through the gateway', () => {
  let world: GatewayWorld;
  let bToken: string;
  let alphaAdminToken: string;
  const socket = (token: string) => world.socket(token);

  beforeAll(async () => {
    world = await GatewayWorld.start('gw_access');
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it('lets a root administrator create another one, with the password policy enforced', async () => {
    const weak = await world.query(
      'mutation { createAdministrator(input: { email: "not-an-email", password: "short" }) { id } }',
    );
    expect(weak.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(weak.errors![0]!.extensions!.fields!.map((f) => f.field).sort()).toEqual(['email', 'password']);

    const made = await world.query(
      'mutation($input: CreateAdministratorInput!) { createAdministrator(input: $input) { id email tenantId roles } }',
      { input: { email: 'B@Tenantry.test', password: STRONG_PASSWORD } },
    );
    expect(made.data?.createAdministrator).toEqual({
      id: expect.any(String),
      email: 'b@tenantry.test',
      tenantId: 'root',
      roles: ['admin'],
    });
    const login = await world.login('root', 'b@tenantry.test', STRONG_PASSWORD);
    expect(login.data?.login.user).toMatchObject({ email: 'b@tenantry.test', tenantId: 'root', roles: ['admin'] });
    bToken = login.data!.login.token;
  });

  it('(8) tells only the initiator on MINE: B never hears of A’s operation, A never of B’s', async () => {
    const aFeed = await world.followNotifications(socket(world.rootToken).client);
    const bFeed = await world.followNotifications(socket(bToken).client);
    const created = await world.createTenant({ id: 'alpha', name: 'Alpha', adminEmail: 'owner@alpha.test' });
    expect(created.errors).toBeUndefined();
    await aFeed.notifications.next((n) => n.type === 'TENANT_CREATED' && n.tenantId === 'alpha', { within: '30s' });
    await bFeed.notifications.expectNothing((n) => n.tenantId === 'alpha', { within: '1s' });

    const updated = await world.updateTenant('alpha', { name: 'Alpha Two' }, bToken);
    expect(updated.errors).toBeUndefined();
    await bFeed.notifications.next((n) => n.type === 'TENANT_UPDATED' && n.tenantId === 'alpha', { within: '30s' });
    await aFeed.notifications.expectNothing((n) => n.type === 'TENANT_UPDATED', { within: '1s' });
  });

  it('(9) lets the new tenant’s admin log in with the password given at creation, and nothing else', async () => {
    const login = await world.login('alpha', 'owner@alpha.test', STRONG_PASSWORD);
    expect(login.errors).toBeUndefined();
    expect(login.data?.login.user).toMatchObject({ tenantId: 'alpha', roles: ['admin'] });
    alphaAdminToken = login.data!.login.token;

    expect((await world.login('alpha', 'owner@alpha.test', 'Wrong-Password-123')).errors?.[0]).toMatchObject(
      INVALID_LOGIN,
    );
    expect((await world.login('alpha', 'nobody@alpha.test', STRONG_PASSWORD)).errors?.[0]).toMatchObject(INVALID_LOGIN);
    expect((await world.login('nowhere', 'owner@alpha.test', STRONG_PASSWORD)).errors?.[0]).toMatchObject(
      INVALID_LOGIN,
    );
    expect((await world.login('root', 'owner@alpha.test', STRONG_PASSWORD)).errors?.[0]).toMatchObject(INVALID_LOGIN);
  });

  it('(8) keeps a tenant admin to their own tenant: no ALL, no tenant management', async () => {
    const feed = followNotifications(socket(alphaAdminToken).client, { scope: 'ALL' });
    const [error] = await feed.errors.next();
    expect(error).toMatchObject({ extensions: { code: 'FORBIDDEN' } });

    const forbidden = { extensions: { code: 'FORBIDDEN' } };
    expect((await world.createTenant({ id: 'sneaky' }, alphaAdminToken)).errors?.[0]).toMatchObject(forbidden);
    expect((await world.updateTenant('alpha', { name: 'Mine' }, alphaAdminToken)).errors?.[0]).toMatchObject(forbidden);
    expect(
      (await world.query('mutation { deleteTenant(id: "alpha") { status } }', {}, alphaAdminToken)).errors?.[0],
    ).toMatchObject(forbidden);
    expect(
      (await world.query('{ notifications(scope: ALL) { cursor } }', {}, alphaAdminToken)).errors?.[0],
    ).toMatchObject(forbidden);
    expect(
      (
        await world.query(
          'mutation { createAdministrator(input: { email: "x@y.test", password: "Correct-Horse-Battery-42" }) { id } }',
          {},
          alphaAdminToken,
        )
      ).errors?.[0],
    ).toMatchObject(forbidden);
    expect((await world.query('{ tenants { id } }', {}, alphaAdminToken)).data?.tenants).toEqual([{ id: 'alpha' }]);
    expect((await world.query('{ tenant(id: "root") { id } }', {}, alphaAdminToken)).data?.tenant).toBeNull();
  });

  it('(9) stops logins, tokens and sockets of a deactivated tenant at once, until it is reactivated', async () => {
    const open = socket(alphaAdminToken);
    await world.followNotifications(open.client);
    expect((await world.query('{ me { tenantId } }', {}, alphaAdminToken)).data?.me).toEqual({ tenantId: 'alpha' });

    await world.updateTenant('alpha', { isActive: false });
    await world.waitForTenant('alpha', (t) => t?.isActive === false && t.status === 'ACTIVE', 'deactivated');
    expect(await open.closed.next(() => true, { within: '10s' })).toEqual({ code: 4403, reason: 'Forbidden' });
    expect((await world.query('{ me { tenantId } }', {}, alphaAdminToken)).errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await world.login('alpha', 'owner@alpha.test', STRONG_PASSWORD)).errors?.[0]).toMatchObject(INVALID_LOGIN);
    const refused = world.socket(alphaAdminToken);
    expect((await refused.closed.next()).code).toBe(4403);

    // Reversible: reactivated, the same admin logs in again.
    await world.updateTenant('alpha', { isActive: true });
    await world.waitForTenant('alpha', (t) => t?.isActive === true && t.status === 'ACTIVE', 'reactivated');
    expect((await world.login('alpha', 'owner@alpha.test', STRONG_PASSWORD)).data?.login.token).toEqual(
      expect.any(String),
    );
  });

  it('(9) refuses the admin of a FAILED tenant', async () => {
    await world.createTenant({
      id: 'broken',
      adminEmail: 'owner@broken.test',
      database: 'EXTERNAL',
      connectionString: 'postgres://u:pw@127.0.0.1:1/x',
    });
    await world.waitForTenant('broken', (t) => t?.status === 'FAILED', 'FAILED', '60s');
    expect((await world.login('broken', 'owner@broken.test', STRONG_PASSWORD)).errors?.[0]).toMatchObject(
      INVALID_LOGIN,
    );
  });
});
