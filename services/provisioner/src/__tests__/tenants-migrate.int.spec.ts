import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Migration } from '@mikro-orm/migrations';
import { TENANT_MIGRATIONS } from '@tenantry/tenant-database';
import { DEVELOPMENT_SECRETS_KEY } from '@tenantry/config';
import { migrateAllTenants, TenantMigrationResult } from '../cli/migrate-all-tenants';
import { foundationWorld } from './foundation';

class AddDisplayName extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "${this.config.get('schema')}".users add column if not exists display_name text`);
  }
}
const NEXT_MIGRATIONS = [...TENANT_MIGRATIONS, { name: 'Migration20261201000000AddDisplayName', class: AddDisplayName }];

/** tenants:migrate applies new tenant migrations to every ACTIVE tenant, resumably. */
describe('migrating every tenant', () => {
  const world = foundationWorld('tenants_migrate', { env: { PROVISIONER_MAX_ATTEMPTS: '1' } });

  beforeAll(async () => {
    await world.client.createTenant({ id: 'alpha' });
    await world.client.createTenant({ id: 'beta', database: 'ISOLATED' });
    await world.client.createTenant({ id: 'broken' });
    await world.client.createTenant({ id: 'never', database: 'EXTERNAL', connectionString: 'postgres://u:p@127.0.0.1:1/x' });
    for (const id of ['root', 'alpha', 'beta', 'broken']) await world.client.waitForEvent(id, 'TenantProvisioned');
    await world.client.waitForEvent('never', 'TenantProvisioningFailed');
  });

  const run = (progress: string[] = []) =>
    migrateAllTenants({
      store: world.client.store,
      settings: { tenantsDatabaseUrl: world.system.database.url, secretsKey: DEVELOPMENT_SECRETS_KEY },
      migrations: NEXT_MIGRATIONS,
      onProgress: (done, total, result) => progress.push(`${done}/${total} ${result.tenantId} ${result.outcome}`),
    });
  const outcomes = (results: TenantMigrationResult[]) => Object.fromEntries(results.map((r) => [r.tenantId, r.outcome]));

  it('reports per tenant, applies to ACTIVE tenants only, and resumes after a failure is fixed', async () => {
    await world.client.query(`drop table tenant_broken.user_roles, tenant_broken.users`);
    const progress: string[] = [];
    const first = await run(progress);
    expect(outcomes(first)).toEqual({ alpha: 'migrated', beta: 'migrated', broken: 'failed', root: 'migrated' });
    expect(first.find((r) => r.tenantId === 'broken')!.error).toMatch(/users/);
    expect(progress).toEqual(['1/4 alpha migrated', '2/4 beta migrated', '3/4 broken failed', '4/4 root migrated']);
    const columns = await world.client.query(`select 1 from information_schema.columns where table_schema = 'tenant_alpha' and column_name = 'display_name'`);
    expect(columns).toHaveLength(1);

    await world.client.query(`create table tenant_broken.users (id uuid primary key default gen_random_uuid(), email text not null unique, password_hash text not null, created_at timestamptz not null default now())`);
    const second = await run();
    expect(outcomes(second)).toEqual({ alpha: 'up-to-date', beta: 'up-to-date', broken: 'migrated', root: 'up-to-date' });
  });

  it('runs as a command with a summary', async () => {
    const script = join(__dirname, '..', '..', 'dist', 'cli', 'tenants-migrate.js');
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--tenant', 'alpha'], { env: { ...process.env, ...world.system.env } });
    expect(stdout).toMatch(/1\/1 alpha: up-to-date/);
    expect(stdout).toMatch(/1 active tenants in .* s: 0 migrated, 1 already up to date, 0 failed/);
  });
});
