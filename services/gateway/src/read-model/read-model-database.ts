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
    await orm.em.getConnection().execute(TO_PRINCIPAL_KEYS);
  });
}

/**
 * Once per read model: rows projected before principal keys name a bare user id, and
 * only root administrators could command then, so each is `root/<id>` (libs/auth
 * `requesterKey`, as the projection reads such events). A key always has a `/`.
 */
const TO_PRINCIPAL_KEYS = `
CREATE TABLE IF NOT EXISTS "${READ_MODEL_SCHEMA}"."upgrades" (name text PRIMARY KEY, done_at timestamptz NOT NULL DEFAULT now());
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM "${READ_MODEL_SCHEMA}"."upgrades" WHERE name = 'principal-keys') THEN
    UPDATE "${READ_MODEL_SCHEMA}"."notifications" SET recipient_id = 'root/' || recipient_id WHERE strpos(recipient_id, '/') = 0;
    UPDATE "${READ_MODEL_SCHEMA}"."operations" SET requested_by = 'root/' || requested_by WHERE strpos(requested_by, '/') = 0;
    INSERT INTO "${READ_MODEL_SCHEMA}"."upgrades" (name) VALUES ('principal-keys');
  END IF;
END $$;
`;

/** Drops every read-model table (the whole `read_model` schema); the event stream can rebuild them. */
export async function dropReadModelSchema(orm: MikroORM, databaseUrl: string): Promise<void> {
  await withDdlLock(databaseUrl, async () => {
    await orm.em.getConnection().execute(`DROP SCHEMA IF EXISTS "${READ_MODEL_SCHEMA}" CASCADE`);
  });
}

/**
 * Drops every index but the primary keys (unique constraints included): a rebuild loads
 * the tables much faster without them, then `ensureReadModelSchema` creates them again
 * from the entities, in one pass over sorted data. Only for tables nobody else writes.
 */
export async function dropSecondaryIndexes(orm: MikroORM, databaseUrl: string): Promise<void> {
  await withDdlLock(databaseUrl, async () => {
    const connection = orm.em.getConnection();
    const indexes = await connection.execute<Array<{ name: string; constraint: boolean; owner: string }>>(
      `select index.relname as name, constraints.conname is not null as constraint, owner.relname as owner
       from pg_index i
       join pg_class index on index.oid = i.indexrelid
       join pg_class owner on owner.oid = i.indrelid
       left join pg_constraint constraints on constraints.conindid = i.indexrelid
       where index.relnamespace = ?::regnamespace and not i.indisprimary`,
      [READ_MODEL_SCHEMA],
    );
    for (const index of indexes) {
      await connection.execute(
        index.constraint
          ? `ALTER TABLE "${READ_MODEL_SCHEMA}"."${index.owner}" DROP CONSTRAINT "${index.name}"`
          : `DROP INDEX "${READ_MODEL_SCHEMA}"."${index.name}"`,
      );
    }
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
