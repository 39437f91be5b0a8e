import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { READ_MODEL_ENTITIES, READ_MODEL_SCHEMA } from './entities';

/** Serialises schema changes of concurrently starting gateways (DDL races in the catalog). */
const DDL_LOCK = 'tenantry.read_model.ddl';

export async function openReadModelOrm(databaseUrl: string, options: { poolMax?: number } = {}): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: databaseUrl,
    entities: READ_MODEL_ENTITIES,
    allowGlobalContext: false,
    // Rows come back as plain row objects; nothing is tracked between requests.
    forceEntityConstructor: false,
    pool: { min: 0, max: options.poolMax ?? 10 },
    ensureDatabase: false,
    debug: false,
  });
}

/**
 * Creates the read-model schema and tables, or adds what is missing. Never drops
 * anything (`safe`), so it is idempotent and harmless at every start.
 */
export async function ensureReadModelSchema(orm: MikroORM, databaseUrl: string): Promise<void> {
  await withDdlLock(databaseUrl, async () => {
    await orm.em.getConnection().execute(`CREATE SCHEMA IF NOT EXISTS "${READ_MODEL_SCHEMA}"`);
    await orm.schema.updateSchema({ safe: true, schema: READ_MODEL_SCHEMA });
  });
}

/** Drops every read-model table (the whole `read_model` schema); the event stream can rebuild them. */
export async function dropReadModelSchema(orm: MikroORM, databaseUrl: string): Promise<void> {
  await withDdlLock(databaseUrl, async () => {
    await orm.em.getConnection().execute(`DROP SCHEMA IF EXISTS "${READ_MODEL_SCHEMA}" CASCADE`);
  });
}

async function withDdlLock(databaseUrl: string, work: () => Promise<void>): Promise<void> {
  const session = new Client({ connectionString: databaseUrl });
  await session.connect();
  try {
    await session.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [DDL_LOCK]);
    await work();
  } finally {
    await session.end();
  }
}
