import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { withDatabase } from '@tenantry/tenant-database';
import { GatewayWorld } from '../gateway-world';

/**
 * Issue 13, section 1: the application's tenant migrations (TENANT_MIGRATIONS_DIR),
 * through the real system: provisioner and gateway started with the notes-saas
 * example's folder (a copy, so a test can add to it).
 */
jest.setTimeout(240_000);

const EXAMPLE = join(__dirname, '..', '..', '..', '..', '..', 'examples', 'notes-saas', 'migrations');
const OWN = ['Migration20261125000000UsersRoles'];
const NOTES = ['001-create-notes', '002-add-notes-pinned', '003-create-note-tags'];
const PASSWORD = 'ext-s3cret-pw';

describe("the application's tenant migrations", () => {
  let world: GatewayWorld;
  let external: TestDatabase;
  let folder: string;
  const env = () => ({ TENANT_MIGRATIONS_DIR: folder, PROVISIONER_MAX_ATTEMPTS: '1' });

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'notes-saas-migrations-'));
    cpSync(EXAMPLE, folder, { recursive: true });
    external = await createTestDatabase('gw_migrations_ext');
    world = await GatewayWorld.start('gw_migrations', { provisionerEnv: env(), gatewayEnv: env() });
  });
  afterAll(async () => {
    await world?.dispose();
    await external?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const externalUrl = () => {
    const url = new URL(external.url);
    url.password = PASSWORD; // the local server trusts; the password only has to stay secret
    return url.toString();
  };
  const schemaOf = async (id: string) => {
    const result = await world.query<{
      tenant: { status: string; provisioningError: string | null; migrations: string[]; pendingMigrations: string[] };
    }>('query($id: ID!) { tenant(id: $id) { status provisioningError migrations pendingMigrations } }', { id });
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.tenant;
  };
  const tablesOf = async (url: string, schema: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (
        await client.query<{ t: string }>(
          'select table_name as t from information_schema.tables where table_schema = $1 order by 1',
          [schema],
        )
      ).rows.map((r) => r.t);
    } finally {
      await client.end();
    }
  };
  const restartProvisioner = async () => {
    for (const [name, service] of world.system.services) if (name.startsWith('provisioner')) await service.stop();
    await world.system.start('provisioner', { instance: `provisioner-${Date.now()}`, env: env() });
  };

  it("gives a SHARED, an ISOLATED and an EXTERNAL tenant the example's tables, listed in order after Tenantry's own", async () => {
    for (const input of [
      { id: 'notes-shared' },
      { id: 'notes-isolated', database: 'ISOLATED' },
      { id: 'notes-external', database: 'EXTERNAL', connectionString: externalUrl() },
    ])
      expect((await world.createTenant(input)).errors).toBeUndefined();
    for (const id of ['notes-shared', 'notes-isolated', 'notes-external']) {
      await world.waitForTenant(id, (t) => t?.status === 'ACTIVE', 'to be ACTIVE', '90s');
      expect(await schemaOf(id)).toMatchObject({ migrations: [...OWN, ...NOTES], pendingMigrations: [] });
    }
    const tables = ['mikro_orm_migrations', 'note_tags', 'notes', 'roles', 'user_roles', 'users'];
    expect(await tablesOf(world.system.database.url, 'tenant_notes_shared')).toEqual(tables);
    expect(
      await tablesOf(
        withDatabase(world.system.database.url, `${world.system.prefix}_notes_isolated`),
        'tenant_notes_isolated',
      ),
    ).toEqual(tables);
    expect(await tablesOf(external.url, 'tenant_notes_external')).toEqual(tables);
  });

  it('fails a tenant whose migration fails, naming the file, leaving no table of the run and no password; the fix and a retry make it ACTIVE', async () => {
    writeFileSync(
      join(folder, '004-notes-archive.sql'),
      'create table notes_archive (like notes);\nalter table notes_missing add column archived_at timestamptz;',
    );
    await restartProvisioner();
    await world.startGateway(); // the gateway too reads the folder at start: it now knows 004 is pending
    expect((await schemaOf('notes-shared')).pendingMigrations).toEqual(['004-notes-archive']);

    expect(
      (await world.createTenant({ id: 'fragile', database: 'EXTERNAL', connectionString: externalUrl() })).errors,
    ).toBeUndefined();
    const failed = await world.waitForTenant('fragile', (t) => t?.status === 'FAILED', 'to be FAILED', '90s');
    expect(failed.provisioningError).toContain(
      'Migration 004-notes-archive.sql failed: relation "notes_missing" does not exist',
    );
    expect(failed.provisioningError).not.toContain(PASSWORD);
    expect(world.allLogs()).not.toContain(PASSWORD);
    expect(await tablesOf(external.url, 'tenant_fragile')).toEqual([]);
    expect(await schemaOf('fragile')).toMatchObject({
      migrations: [],
      pendingMigrations: [...OWN, ...NOTES, '004-notes-archive'],
    });

    writeFileSync(
      join(folder, '004-notes-archive.sql'),
      'create table notes_archive (like notes);\nalter table notes_archive add column archived_at timestamptz;',
    );
    await restartProvisioner();
    const retried = await world.query('mutation($id: ID!) { retryTenantProvisioning(id: $id) { status } }', {
      id: 'fragile',
    });
    expect(retried.errors).toBeUndefined();
    await world.waitForTenant('fragile', (t) => t?.status === 'ACTIVE', 'to be ACTIVE after the retry', '90s');
    expect(await schemaOf('fragile')).toMatchObject({
      migrations: [...OWN, ...NOTES, '004-notes-archive'],
      pendingMigrations: [],
    });
    expect(await tablesOf(external.url, 'tenant_fragile')).toContain('notes_archive');
  });
});
