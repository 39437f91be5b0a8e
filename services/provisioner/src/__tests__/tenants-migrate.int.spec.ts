import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Migration } from '@mikro-orm/migrations';
import { tenantMigrationsFor, withDatabase } from '@tenantry/tenant-database';
import { DEVELOPMENT_SECRETS_KEY } from '@tenantry/config';
import { waitFor } from '@tenantry/testing';
import { activeTenants, migrateAllTenants, TenantMigrationResult } from '../cli/migrate-all-tenants';
import { foundationWorld } from './foundation';

class AddDisplayName extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "${this.config.get('schema')}".users add column if not exists display_name text`);
  }
}

const EXAMPLE = join(__dirname, '..', '..', '..', '..', 'examples', 'notes-saas', 'migrations');
const SCRIPT = join(__dirname, '..', '..', 'dist', 'cli', 'tenants-migrate.js');
// The application's folder, a copy of the example's that the tests add migrations to.
const folder = mkdtempSync(join(tmpdir(), 'tenants-migrate-'));
cpSync(EXAMPLE, folder, { recursive: true });
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** tenants:migrate applies new tenant migrations to every ACTIVE tenant, resumably. */
describe('migrating every tenant', () => {
  const world = foundationWorld('tenants_migrate', {
    env: { PROVISIONER_MAX_ATTEMPTS: '1', TENANT_MIGRATIONS_DIR: folder },
  });

  beforeAll(async () => {
    await world.client.createTenant({ id: 'alpha' });
    await world.client.createTenant({ id: 'beta', database: 'ISOLATED' });
    await world.client.createTenant({ id: 'broken' });
    await world.client.createTenant({
      id: 'never',
      database: 'EXTERNAL',
      connectionString: 'postgres://u:p@127.0.0.1:1/x',
    });
    for (const id of ['root', 'alpha', 'beta', 'broken']) await world.client.waitForEvent(id, 'TenantProvisioned');
    await world.client.waitForEvent('never', 'TenantProvisioningFailed');
  });

  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, ...args], {
        env: { ...process.env, ...world.system.env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const applied = async (tenantId: string) =>
    (
      await world.client.query<{ name: string }>(
        `select name from "tenant_${tenantId}".mikro_orm_migrations order by id`,
        [],
        tenantId === 'beta' ? withDatabase(world.system.database.url, `${world.system.prefix}_beta`) : undefined,
      )
    ).map((row) => row.name);
  const outcomes = (results: TenantMigrationResult[]) =>
    Object.fromEntries(results.map((r) => [r.tenantId, r.outcome]));

  it("gives every tenant the application's migrations after Tenantry's own", async () => {
    expect(await applied('alpha')).toEqual([
      'Migration20261125000000UsersRoles',
      '001-create-notes',
      '002-add-notes-pinned',
      '003-create-note-tags',
    ]);
    expect(await applied('beta')).toEqual(await applied('alpha'));
  });

  it('reports per tenant, applies to ACTIVE tenants only, and resumes after a failure is fixed', async () => {
    const run = (progress: string[] = []) =>
      migrateAllTenants({
        store: world.client.store,
        settings: { tenantsDatabaseUrl: world.system.database.url, secretsKey: DEVELOPMENT_SECRETS_KEY },
        migrations: [
          ...tenantMigrationsFor(folder),
          { name: 'Migration20261201000000AddDisplayName', class: AddDisplayName },
        ],
        onProgress: (done, total, result) => progress.push(`${done}/${total} ${result.tenantId} ${result.outcome}`),
      });
    await world.client.query(`drop table tenant_broken.user_roles, tenant_broken.users`);
    const progress: string[] = [];
    const first = await run(progress);
    expect(outcomes(first)).toEqual({ alpha: 'migrated', beta: 'migrated', broken: 'failed', root: 'migrated' });
    expect(first.find((r) => r.tenantId === 'broken')!.error).toMatch(
      /Migration Migration20261201000000AddDisplayName failed: .*users/,
    );
    expect(progress).toEqual(['1/4 alpha migrated', '2/4 beta migrated', '3/4 broken failed', '4/4 root migrated']);
    expect(await applied('alpha')).toContain('Migration20261201000000AddDisplayName');

    await world.client.query(
      `create table tenant_broken.users (id uuid primary key default gen_random_uuid(), email text not null unique, password_hash text not null, created_at timestamptz not null default now())`,
    );
    const second = await run();
    expect(outcomes(second)).toEqual({
      alpha: 'up-to-date',
      beta: 'up-to-date',
      broken: 'migrated',
      root: 'up-to-date',
    });
  });

  describe('as a command', () => {
    beforeAll(() =>
      writeFileSync(
        join(folder, '004-notes-archived.sql'),
        'alter table notes add column archived boolean not null default false;',
      ),
    );

    it('--help prints the usage, exits 0 and migrates nothing', async () => {
      const { code, stdout } = await cli('--help');
      expect(code).toBe(0);
      expect(stdout).toMatch(/Usage: npm run tenants:migrate/);
      expect(stdout).toMatch(/--tenant <id>/);
      expect(await applied('alpha')).not.toContain('004-notes-archived');
    });

    it('an unknown flag or a missing value says what is wrong, exits 2 and migrates nothing', async () => {
      const bogus = await cli('--bogus');
      expect(bogus.code).toBe(2);
      expect(bogus.stderr).toMatch(/Unknown option '--bogus'/);
      const missing = await cli('--tenant');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/--tenant.*argument missing/);
      expect(await applied('alpha')).not.toContain('004-notes-archived');
    });

    it("--dry-run lists each tenant's pending migrations and changes nothing", async () => {
      const before = await applied('alpha');
      const { code, stdout } = await cli('--dry-run');
      expect(code).toBe(0);
      expect(stdout).toMatch(/Dry run: nothing was applied\. 4 of 4 tenants have pending migrations/);
      expect(stdout).toMatch(/^ {2}alpha: 004-notes-archived$/m);
      expect(stdout).toMatch(/^ {2}beta: 004-notes-archived$/m);
      expect(await applied('alpha')).toEqual(before);
    });

    it('--tenant=alpha migrates alpha only', async () => {
      const { code, stdout } = await cli('--tenant=alpha');
      expect(code).toBe(0);
      expect(stdout).toMatch(/1\/1 alpha: migrated/);
      expect(stdout).toMatch(/1 active tenants in .* s: 1 migrated, 0 already up to date, 0 failed/);
      expect(await applied('alpha')).toContain('004-notes-archived');
      expect(await applied('beta')).not.toContain('004-notes-archived');
      expect(await applied('broken')).not.toContain('004-notes-archived');
    });

    it('--tenant with an id that is not ACTIVE reports it and exits 1', async () => {
      const { code, stdout } = await cli('--tenant', 'never', '--tenant', 'alpha');
      expect(code).toBe(1);
      expect(stdout).toMatch(/never: No ACTIVE tenant has this id/);
      expect(stdout).toMatch(/1 already up to date, 1 failed/);
    });
  });

  it('brings a migration added to the folder to 200 ACTIVE tenants, 4 at a time, with a progress bar', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < ids.length; i += 25) {
      const replies = await Promise.all(
        ids.slice(i, i + 25).map((id) => world.client.createTenant({ id, adminEmail: `owner@${id}.test` })),
      );
      expect(replies.filter((reply) => !reply.ok)).toEqual([]);
    }
    await waitFor(
      async () => (await activeTenants(world.client.store)).length,
      (count) => count >= 204,
      {
        within: '300s',
        interval: 500,
        description: '204 ACTIVE tenants (200 created, root, alpha, beta and broken)',
      },
    );
    writeFileSync(
      join(folder, '005-notes-color.sql'),
      `alter table notes add column color text not null default 'yellow';`,
    );

    const { code, stdout } = await cli('--concurrency', '4');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\[#{30}\] 204\/204 \S+: (migrated|up-to-date)$/m);
    expect(stdout).toMatch(/^\[#*\.+\] 1\/204 /m);
    expect(stdout).toMatch(/204 active tenants in .* s: 204 migrated, 0 already up to date, 0 failed/);
    const migrated = await world.client.query<{ n: number }>(
      `select count(*)::int as n from information_schema.columns where table_name = 'notes' and column_name = 'color' and table_schema like 'tenant_bulk_%'`,
    );
    expect(migrated[0]!.n).toBe(200);
  }, 600_000);
});
