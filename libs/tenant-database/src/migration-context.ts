import type { ClientBase } from 'pg';

/**
 * What a tenant migration's constructor receives instead of a MikroORM driver and
 * configuration: `this.config.get('schema')` names the tenant's schema and
 * `this.execute(sql, params)` runs on the migration's transaction. Knex and the
 * entity manager are not available (tenant migrations have no entities).
 */
export function migrationContext(
  client: ClientBase,
  schema: string,
  /** Runs before each of the migration's own queries (e.g. sends the SQL of the migrations before it). */
  beforeQuery: () => Promise<void> = () => Promise.resolve(),
): [driver: unknown, config: unknown] {
  const unavailable = (what: string) => () => {
    throw new Error(`Tenant migrations cannot use ${what}: use addSql('…') or this.execute('…', params)`);
  };
  const driver = {
    execute: async (sql: string, params: unknown[] = []) => {
      await beforeQuery();
      return (await client.query<Record<string, unknown>>(sql, params)).rows;
    },
    getConnection: unavailable('knex (getKnex)'),
    createEntityManager: unavailable('an entity manager'),
  };
  const config = { get: (key: string) => (key === 'schema' ? schema : undefined) };
  return [driver, config];
}
