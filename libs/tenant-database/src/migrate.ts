import type { Migration } from '@mikro-orm/migrations';
import { Client, ClientBase } from 'pg';
import { TenantConnections, quoteIdentifier } from './connections';
import { TenantLocation } from './location';
import { TENANT_MIGRATIONS, TenantMigration } from './migrations';
import { migrationContext } from './migration-context';

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the tenant's schema up to date. Migrations are MikroORM `Migration` classes
 * (the authoring format, and `<schema>.mikro_orm_migrations` is the table MikroORM's
 * migrator keeps, so its CLI reads the same history), applied here in one transaction
 * on one connection: MikroORM's migrator costs ~300 ms a tenant (ORM start-up, table
 * listing, several transactions), this ~10 ms. All or nothing: a failed migration
 * leaves the schema as it was. A transaction-scoped advisory lock per schema keeps two
 * workers from migrating one tenant at once.
 */
export async function migrateTenant(
  location: TenantLocation,
  migrations: TenantMigration[] = TENANT_MIGRATIONS,
  connections?: TenantConnections,
): Promise<MigrationReport> {
  if (connections) return connections.withClient(location.connectionString, (client) => applyPending(client, location.schema, migrations));
  const client = new Client({ connectionString: location.connectionString });
  await client.connect();
  try {
    return await applyPending(client, location.schema, migrations);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const latestTenantMigration = (migrations: TenantMigration[] = TENANT_MIGRATIONS): string => migrations[migrations.length - 1]!.name;

/** The name of the table holding a schema's applied migrations. */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

async function applyPending(client: ClientBase, schema: string, migrations: TenantMigration[]): Promise<MigrationReport> {
  const s = quoteIdentifier(schema);
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`tenantry-migrate:${schema}`]);
    await client.query(`create schema if not exists ${s}`);
    // MikroORM's own layout of the table (knex increments, string, dateTime).
    await client.query(
      `create table if not exists ${s}.${MIGRATIONS_TABLE} (id serial primary key, name varchar(255), executed_at timestamptz default current_timestamp)`,
    );
    const done = new Set((await client.query<{ name: string }>(`select name from ${s}.${MIGRATIONS_TABLE}`)).rows.map((row) => row.name));
    const applied: string[] = [];
    for (const { name, class: MigrationClass } of migrations) {
      if (done.has(name)) continue;
      const context = migrationContext(client, schema);
      const migration = new (MigrationClass as unknown as new (...args: typeof context) => Migration)(...context);
      migration.setTransactionContext(client);
      await migration.up();
      for (const sql of migration.getQueries()) {
        if (typeof sql !== 'string') throw new Error(`Migration ${name}: tenant migrations add SQL as strings (addSql('…'))`);
        await client.query(sql);
      }
      await client.query(`insert into ${s}.${MIGRATIONS_TABLE} (name) values ($1)`, [name]);
      applied.push(name);
    }
    await client.query('commit');
    return { applied };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
