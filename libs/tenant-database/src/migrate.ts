import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { TENANT_MIGRATIONS, TenantMigration } from './migrations';
import { TenantLocation } from './location';

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the tenant's schema up to date with MikroORM's migrator. Idempotent: what
 * was applied is recorded in `<schema>.mikro_orm_migrations`, and a session advisory
 * lock per schema keeps two workers from migrating one tenant at once.
 */
export async function migrateTenant(location: TenantLocation, migrations: TenantMigration[] = TENANT_MIGRATIONS): Promise<MigrationReport> {
  const orm = await MikroORM.init({
    clientUrl: location.connectionString,
    schema: location.schema,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    migrations: {
      migrationsList: migrations,
      tableName: `${location.schema}.mikro_orm_migrations`,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { min: 0, max: 1 },
    debug: false,
    allowGlobalContext: true,
  });
  scopeTableListingTo(orm, location.schema);
  const connection = orm.em.getConnection();
  try {
    await connection.execute(`select pg_advisory_lock(hashtext(?))`, [`tenantry-migrate:${location.schema}`]);
    const applied = await orm.getMigrator().up();
    return { applied: applied.map((m) => m.name) };
  } finally {
    await connection.execute(`select pg_advisory_unlock(hashtext(?))`, [`tenantry-migrate:${location.schema}`]).catch(() => undefined);
    await orm.close(true);
  }
}

export const latestTenantMigration = (migrations: TenantMigration[] = TENANT_MIGRATIONS): string => migrations[migrations.length - 1]!.name;

/**
 * MikroORM's migrator looks for its table by listing every table of every schema,
 * which grows with the number of SHARED tenants (1.2 s a tenant at 500 schemas).
 * Only the tenant's own schema matters here.
 */
function scopeTableListingTo(orm: MikroORM, schema: string): void {
  const helper = orm.em.getPlatform().getSchemaHelper() as unknown as { getListTablesSQL(): string } | undefined;
  if (!helper) return;
  const literal = `'${schema.replace(/'/g, "''")}'`;
  helper.getListTablesSQL = () =>
    `select table_name, table_schema as schema_name, null as table_comment from information_schema.tables `
    + `where table_schema = ${literal} and table_type != 'VIEW' order by table_name`;
}
