import { asExternalConnectionString, waitFor } from '@tenantry/testing';
import { foundationWorld, stepsOnRecord, STRONG_PASSWORD, typesOf } from './foundation';

/**
 * The provisioning flow end to end below the API: tenant-command and provisioner run
 * as real processes against real PostgreSQL and NATS.
 */
describe('provisioning a tenant', () => {
  const world = foundationWorld('provisioning');

  it('moves a SHARED tenant Pending → Provisioning → Active and really creates its schema and admin', async () => {
    const reply = await world.client.createTenant({ id: 'acme-fc' });
    expect(reply).toEqual({
      ok: true,
      accepted: { tenantId: 'acme-fc', operationId: expect.any(String), status: 'PENDING', version: 0 },
    });

    const events = await world.client.waitForEvent('acme-fc', 'TenantProvisioned');
    // Quick steps: the outcome records them (three events, not seven).
    expect(typesOf(events)).toEqual(['TenantRequested', 'TenantProvisioningStarted', 'TenantProvisioned']);
    expect(stepsOnRecord(events)).toEqual([
      'CREATING_DATABASE',
      'RUNNING_MIGRATIONS',
      'CREATING_ADMIN',
      'ASSIGNING_ROLES',
    ]);
    expect(await world.client.tablesOf('tenant_acme_fc')).toEqual([
      'mikro_orm_migrations',
      'roles',
      'user_roles',
      'users',
    ]);
    expect(await world.client.adminPasswordVerifies('tenant_acme_fc', 'owner@acme.test', STRONG_PASSWORD)).toBe(true);
    const roles = await world.client.query(
      `select r.name from tenant_acme_fc.user_roles ur join tenant_acme_fc.roles r on r.id = ur.role_id`,
    );
    expect(roles).toEqual([{ name: 'admin' }]);
  });

  it('gives an ISOLATED tenant a database of its own', async () => {
    await world.client.createTenant({ id: 'iso', database: 'ISOLATED' });
    await world.client.waitForEvent('iso', 'TenantProvisioned');
    const database = `${world.system.prefix}_iso`;
    const url = new URL(world.system.database.url);
    url.pathname = `/${database}`;
    expect(await world.client.tablesOf('tenant_iso', url.toString())).toEqual([
      'mikro_orm_migrations',
      'roles',
      'user_roles',
      'users',
    ]);
    expect(
      await world.client.adminPasswordVerifies('tenant_iso', 'owner@acme.test', STRONG_PASSWORD, url.toString()),
    ).toBe(true);
  });

  it('provisions into the EXTERNAL database it is given', async () => {
    const external = new URL(world.system.database.url);
    await world.client.createTenant({
      id: 'ext-ok',
      database: 'EXTERNAL',
      connectionString: asExternalConnectionString(external),
    });
    const events = await world.client.waitForEvent('ext-ok', 'TenantProvisioned');
    expect(events[0]!.data['database']).toMatchObject({
      mode: 'EXTERNAL',
      name: world.system.database.name,
      host: '127.0.0.1:5432',
    });
    expect(await world.client.tablesOf('tenant_ext_ok')).toContain('users');
  });

  it('applies an update of name and isActive: TenantUpdateRequested → TenantUpdated', async () => {
    await world.client.createTenant({ id: 'renamed' });
    await world.client.waitForEvent('renamed', 'TenantProvisioned');
    const reply = await world.client.send('updateTenant', {
      tenantId: 'renamed',
      input: { name: 'Renamed FC', isActive: false },
    });
    expect(reply).toMatchObject({ ok: true, accepted: { tenantId: 'renamed', status: 'UPDATING' } });
    const events = await world.client.waitForEvent('renamed', 'TenantUpdated');
    expect(events.at(-1)!.data).toMatchObject({ name: 'Renamed FC', isActive: false });
  });

  it('fails an update whose tenant schema is gone, naming it, and applies the next one once it is back', async () => {
    await world.client.createTenant({ id: 'schema-gone' });
    await world.client.waitForEvent('schema-gone', 'TenantProvisioned');
    // A first update prepares the schema check on the provisioner's connection; the second runs it again.
    await world.client.send('updateTenant', { tenantId: 'schema-gone', input: { name: 'Before' } });
    await world.client.waitForEvent('schema-gone', 'TenantUpdated');
    await world.client.query('alter schema tenant_schema_gone rename to tenant_schema_away');
    await world.client.send('updateTenant', { tenantId: 'schema-gone', input: { name: 'Lost' } });
    const failed = await world.client.waitForEvent('schema-gone', 'TenantUpdateFailed');
    expect(String(failed.at(-1)!.data['error'])).toContain('Schema tenant_schema_gone is missing');

    await world.client.query('alter schema tenant_schema_away rename to tenant_schema_gone');
    await world.client.send('updateTenant', { tenantId: 'schema-gone', input: { name: 'Found' } });
    const events = await waitFor(
      () => world.client.events('schema-gone'),
      (all) => all.at(-1)?.type === 'TenantUpdated',
      { within: '20s', description: 'the update after the schema came back' },
    );
    expect(events.at(-1)!.data).toMatchObject({ name: 'Found' });
  });

  it('seeds the root tenant once, provisioned like any other', async () => {
    const events = await world.client.waitForEvent('root', 'TenantProvisioned');
    expect(events.filter((e) => e.type === 'TenantRequested')).toHaveLength(1);
    expect(
      await world.client.adminPasswordVerifies('tenant_root', 'admin@tenantry.local', 'Tenantry-Admin-2026!'),
    ).toBe(true);
  });
});
