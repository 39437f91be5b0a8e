import { waitFor } from '@tenantry/testing';
import { foundationWorld } from './foundation';

/** ISOLATED tenants take databases made ahead of need (TENANT_SPARE_DATABASES), renamed to theirs. */
describe('spare databases', () => {
  const world = foundationWorld('spares', { env: { TENANT_SPARE_DATABASES: '2' } });
  const spares = async () =>
    (
      await world.client.query<{ datname: string }>(
        `select datname from pg_database where datname like $1 order by datname`,
        [`${world.system.prefix}\\_\\_spare\\_%`],
      )
    ).map((row) => row.datname);
  const twoSpares = () =>
    waitFor(spares, (names) => names.length === 2, { within: '30s', description: 'two spare databases' });

  it('are made at start, and an ISOLATED tenant gets one of them, working, under its own name', async () => {
    const before = await twoSpares();
    await world.client.createTenant({ id: 'spare-iso', database: 'ISOLATED' });
    await world.client.waitForEvent('spare-iso', 'TenantProvisioned');

    const url = new URL(world.system.database.url);
    url.pathname = `/${world.system.prefix}_spare_iso`;
    expect(await world.client.tablesOf('tenant_spare_iso', url.toString())).toEqual(
      expect.arrayContaining(['users', 'roles', 'user_roles', 'mikro_orm_migrations']),
    );
    expect(await world.client.query(`select email from tenant_spare_iso.users`, [], url.toString())).toEqual([
      { email: 'owner@acme.test' },
    ]);
    // One spare was taken, and a new one made in its place.
    const after = await twoSpares();
    expect(after.filter((name) => before.includes(name))).toHaveLength(1);
  });

  it('taken one after the other, each tenant has its own database, and deletion drops it', async () => {
    for (const id of ['iso-a', 'iso-b', 'iso-c']) await world.client.createTenant({ id, database: 'ISOLATED' });
    for (const id of ['iso-a', 'iso-b', 'iso-c']) await world.client.waitForEvent(id, 'TenantProvisioned');
    const own = async () =>
      (
        await world.client.query<{ datname: string }>(`select datname from pg_database where datname = any($1)`, [
          ['iso_a', 'iso_b', 'iso_c'].map((slug) => `${world.system.prefix}_${slug}`),
        ])
      ).length;
    expect(await own()).toBe(3);

    await world.client.send('deleteTenant', { tenantId: 'iso-b' });
    await world.client.waitForEvent('iso-b', 'TenantDeleted');
    expect(await own()).toBe(2);
    await twoSpares();
  });
});
