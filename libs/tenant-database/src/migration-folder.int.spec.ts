import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { migrateTenant, readSchemaVersion } from './migrate';
import { allTenantMigrationNames, allTenantMigrations, loadMigrationFolder } from './migration-folder';
import { TENANT_MIGRATIONS } from './migrations';
import { TenantLocation } from './location';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'notes-saas', 'migrations');
const EXAMPLE_NAMES = ['001-create-notes', '002-add-notes-pinned', '003-create-note-tags'];
const OWN = TENANT_MIGRATIONS.map((m) => m.name);

let database: TestDatabase;
let pool: Pool;
let scratch: string;
const at = (schema: string): TenantLocation => ({ connectionString: database.url, schema, database: database.name });
const tablesOf = async (schema: string) =>
  (
    await pool.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1 order by 1',
      [schema],
    )
  ).rows.map((row) => row.table_name);
/** A copy of the example folder plus `extra` files, in a fresh temporary folder. */
const folderWith = (extra: Record<string, string>, without: string[] = []) => {
  const dir = mkdtempSync(join(scratch, 'migrations-'));
  cpSync(EXAMPLE, dir, { recursive: true, filter: (source) => !without.some((file) => source.endsWith(file)) });
  for (const [file, text] of Object.entries(extra)) writeFileSync(join(dir, file), text);
  return dir;
};

beforeAll(async () => {
  database = await createTestDatabase('migration_folder');
  pool = new Pool({ connectionString: database.url, max: 2 });
  scratch = mkdtempSync(join(tmpdir(), 'tenantry-migrations-'));
});
afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await pool.end();
  await database.drop();
});

describe("the application's migrations folder", () => {
  it("applies Tenantry's tables, then the SQL files and the MikroORM class, in the tenant's schema, recorded by name", async () => {
    const migrations = allTenantMigrations(loadMigrationFolder(EXAMPLE));
    expect(await migrateTenant(at('tenant_notes'), migrations)).toEqual({ applied: [...OWN, ...EXAMPLE_NAMES] });
    expect(await tablesOf('tenant_notes')).toEqual([
      'mikro_orm_migrations',
      'note_tags',
      'notes',
      'roles',
      'user_roles',
      'users',
    ]);
    expect(await tablesOf('public')).not.toContain('notes');
    const client = await pool.connect();
    try {
      expect(await readSchemaVersion(client, 'tenant_notes', allTenantMigrationNames(EXAMPLE))).toEqual({
        applied: [...OWN, ...EXAMPLE_NAMES],
        pending: [],
      });
      expect(await readSchemaVersion(client, 'tenant_nowhere', allTenantMigrationNames(EXAMPLE))).toEqual({
        applied: [],
        pending: [...OWN, ...EXAMPLE_NAMES],
      });
    } finally {
      client.release();
    }
  });

  it('applies a file added later, and only it', async () => {
    await migrateTenant(at('tenant_later'), allTenantMigrations(loadMigrationFolder(EXAMPLE)));
    const dir = folderWith({
      '004-notes-archived.sql': 'alter table notes add column archived boolean not null default false;',
    });
    expect(await migrateTenant(at('tenant_later'), allTenantMigrations(loadMigrationFolder(dir)))).toEqual({
      applied: ['004-notes-archived'],
    });
  });

  it('leaves nothing of a run whose migration fails, and names the file and the database message', async () => {
    const dir = folderWith({ '004-broken.sql': 'create table archive (id int);\nalter table nope add column x int;' });
    const failure = migrateTenant(at('tenant_broken'), allTenantMigrations(loadMigrationFolder(dir)));
    await expect(failure).rejects.toThrow('Migration 004-broken.sql failed: relation "nope" does not exist');
    await expect(failure).rejects.toMatchObject({ code: '42P01' });
    expect(await tablesOf('tenant_broken')).toEqual([]);
  });
});
