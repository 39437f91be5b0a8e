import { acmeAdmin, edgeFixture, rootAdmin, tokenOf } from '../../__tests__/edge-fixture';
import { tenantView } from '../../__tests__/fake-read-side';

const ME = '{ me { id email tenantId roles } }';

describe('useAuthentication (yoga.fetch)', () => {
  it('lets a caller without a token see `me` as null and nothing else', async () => {
    const edge = edgeFixture();
    expect(await edge.graphql(ME)).toEqual({ data: { me: null } });
    const tenants = await edge.graphql('{ tenants { id } }');
    expect(tenants.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('knows the caller from a valid Bearer token', async () => {
    const edge = edgeFixture();
    const result = await edge.graphql(ME, { token: await tokenOf(rootAdmin) });
    expect(result.data?.me).toEqual({
      id: 'root-admin',
      email: 'root@tenantry.test',
      tenantId: 'root',
      roles: ['admin'],
    });
  });

  it('refuses an expired token as UNAUTHENTICATED', async () => {
    const edge = edgeFixture();
    const expired = await tokenOf(rootAdmin, 1, new Date(Date.now() - 60_000));
    const result = await edge.graphql(ME, { token: expired });
    expect(result.errors?.[0]).toMatchObject({
      message: 'Your session has expired: log in again',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses a forged token as UNAUTHENTICATED', async () => {
    const edge = edgeFixture();
    // A signature character well inside it: the last one's low bits are padding, so changing it may change nothing.
    const genuine = await tokenOf(rootAdmin);
    const at = genuine.length - 10;
    const token = `${genuine.slice(0, at)}${genuine[at] === 'A' ? 'B' : 'A'}${genuine.slice(at + 1)}`;
    expect((await edge.graphql('{ tenants { id } }', { token })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['deactivated', { isActive: false }],
    ['deleted', { status: 'DELETED' as const }],
    ['being deleted', { status: 'DELETING' as const }],
  ])('stops the tokens of a %s tenant at once (FORBIDDEN)', async (_, change) => {
    const edge = edgeFixture();
    const token = await tokenOf(acmeAdmin);
    expect((await edge.graphql(ME, { token })).data?.me?.tenantId).toBe('acme');
    edge.readSide.tenantsById.set('acme', tenantView('acme', change));
    expect((await edge.graphql(ME, { token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps a tenant usable while it is UPDATING', async () => {
    const edge = edgeFixture();
    edge.readSide.tenantsById.set('acme', tenantView('acme', { status: 'UPDATING' }));
    expect((await edge.graphql(ME, { token: await tokenOf(acmeAdmin) })).data?.me?.tenantId).toBe('acme');
  });

  it('does not block login when a stale token comes along', async () => {
    const edge = edgeFixture();
    const expired = await tokenOf(rootAdmin, 1, new Date(Date.now() - 60_000));
    const result = await edge.graphql(
      'mutation { login(tenant: "root", email: "x@y.z", password: "nope") { token } }',
      { token: expired },
    );
    expect(result.errors?.[0]).toMatchObject({
      message: 'Invalid email or password',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('authorization at the GraphQL edge', () => {
  it('shows a tenant admin only their own tenant', async () => {
    const edge = edgeFixture();
    const token = await tokenOf(acmeAdmin);
    expect((await edge.graphql('{ tenants { id } }', { token })).data?.tenants).toEqual([{ id: 'acme' }]);
    expect((await edge.graphql('{ tenant(id: "globex") { id } }', { token })).data?.tenant).toBeNull();
    expect((await edge.graphql('{ tenant(id: "acme") { id } }', { token })).data?.tenant).toEqual({ id: 'acme' });
  });

  it('shows a root administrator every tenant', async () => {
    const edge = edgeFixture();
    const result = await edge.graphql('{ tenants { id } }', { token: await tokenOf(rootAdmin) });
    expect(result.data?.tenants.map((t: { id: string }) => t.id).sort()).toEqual(['acme', 'globex', 'root']);
  });

  it('refuses tenant management to a tenant admin (FORBIDDEN) without asking tenant-command', async () => {
    const edge = edgeFixture();
    const result = await edge.graphql('mutation { updateTenant(id: "acme", input: { name: "A" }) { status } }', {
      token: await tokenOf(acmeAdmin),
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(edge.sent).toEqual([]);
  });

  it('refuses ALL notifications to a tenant admin, never narrowing them', async () => {
    const edge = edgeFixture();
    const result = await edge.graphql('{ notifications(scope: ALL) { cursor } }', { token: await tokenOf(acmeAdmin) });
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(result.data).toBeNull();
  });

  it('sends createTenant to tenant-command with the actor and returns its acceptance', async () => {
    const edge = edgeFixture();
    const result = await edge.graphql(
      'mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenantId operationId status } }',
      {
        token: await tokenOf(rootAdmin),
        variables: {
          input: { id: 'initech', name: 'Initech', adminEmail: 'a@initech.test', adminPassword: 'Sup3r-Secret-pw' },
        },
      },
    );
    expect(result.data?.createTenant).toEqual({ tenantId: 'initech', operationId: 'op-1', status: 'PENDING' });
    expect(edge.sent[0]).toMatchObject({
      name: 'createTenant',
      request: {
        actor: { userId: 'root-admin', tenantId: 'root', roles: ['admin'] },
        input: { id: 'initech', database: 'SHARED', priority: 'NORMAL' },
      },
    });
    expect(edge.sent[0]!.request.correlationId).toEqual(expect.any(String));
  });
});
