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
