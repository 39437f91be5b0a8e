import { foundationWorld, STRONG_PASSWORD } from './foundation';

/** Refused commands get a typed error and append nothing; racing creates yield one tenant. */
describe('refusing commands', () => {
  const world = foundationWorld('refusals');

  beforeAll(async () => {
    // Root's own provisioning appends events; let it finish so counts below are ours alone.
    await world.client.waitForEvent('root', 'TenantProvisioned');
  });

  const allEvents = async () => (await world.client.store.readAll({ limit: 10_000 })).length;

  it('refuses a duplicate id with "Tenant already exists" and appends nothing', async () => {
    await world.client.createTenant({ id: 'taken' });
    const before = await world.client.events('taken');
    const reply = await world.client.createTenant({ id: 'taken', name: 'Someone else' });
    expect(reply).toEqual({ ok: false, error: { code: 'TENANT_EXISTS', message: 'Tenant already exists' } });
    expect((await world.client.events('taken')).filter((e) => e.type === 'TenantRequested')).toHaveLength(1);
    expect((await world.client.events('taken')).length).toBeGreaterThanOrEqual(before.length);
    // Let its provisioning finish, so the counts of the next tests are theirs alone.
    await world.client.waitForEvent('taken', 'TenantProvisioned');
  });

  it('refuses invalid input with every failing field and appends nothing', async () => {
    const before = await allEvents();
    const reply = await world.client.send('createTenant', {
      input: { id: 'Not A Slug', name: '  ', adminEmail: 'nope', adminPassword: 'short' },
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT' } });
    const fields = reply.ok ? [] : reply.error.fields!;
    expect(fields).toEqual([
      { field: 'id', message: 'Tenant Id must be a slug (lowercase letters, numbers, and hyphens only).' },
      { field: 'name', message: 'Name is required.' },
      { field: 'adminEmail', message: 'Admin email must be a valid email address.' },
      { field: 'adminPassword', message: expect.stringMatching(/at least 12 characters/) },
    ]);
    expect(await world.client.events('not-a-slug')).toEqual([]);
    expect(await allEvents()).toBe(before);
  });

  it('refuses to edit root with "Cannot edit root tenant"', async () => {
    const before = (await world.client.events('root')).length;
    const reply = await world.client.send('updateTenant', { tenantId: 'root', input: { name: 'Mine now' } });
    expect(reply).toEqual({ ok: false, error: { code: 'ROOT_TENANT_IMMUTABLE', message: 'Cannot edit root tenant' } });
    expect((await world.client.events('root')).length).toBe(before);
  });

  it('refuses an update of a tenant that does not exist with NOT_FOUND', async () => {
    const reply = await world.client.send('updateTenant', { tenantId: 'ghost', input: { name: 'Boo' } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('turns 50 concurrent creates of one id into exactly one TenantRequested and one schema', async () => {
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        world.client.createTenant({ id: 'race', name: `Racer ${i}`, adminPassword: STRONG_PASSWORD }),
      ),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(replies.filter((r) => !r.ok && r.error.code === 'TENANT_EXISTS')).toHaveLength(49);
    const events = await world.client.waitForEvent('race', 'TenantProvisioned');
    expect(events.filter((e) => e.type === 'TenantRequested')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'TenantProvisioned')).toHaveLength(1);
    const schemas = await world.client.query(
      `select schema_name from information_schema.schemata where schema_name = 'tenant_race'`,
    );
    expect(schemas).toHaveLength(1);
    expect(await world.client.query(`select email from tenant_race.users`)).toEqual([{ email: 'owner@acme.test' }]);
  });
});
