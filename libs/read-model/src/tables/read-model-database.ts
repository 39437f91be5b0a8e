import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { applyMigrations } from '@tenantry/postgres';
import { READ_MODEL_ENTITIES, READ_MODEL_SCHEMA } from './index';
import { readModelMigrations } from './read-model-migrations';

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
 * Applies the read model's pending migrations (`read-model-migrations.ts`): creates the
 * schema and tables on a new or dropped read model. Idempotent and safe at every start.
 */
export async function ensureReadModelSchema(databaseUrl: string): Promise<void> {
  await applyMigrations(databaseUrl, [readModelMigrations]);
}

/** Drops every read-model table (the whole `read_model` schema); the event stream can rebuild them. */
export async function dropReadModelSchema(orm: MikroORM, databaseUrl: string): Promise<void> {
  await withDdlLock(databaseUrl, async () => {
    await orm.em.getConnection().execute(`DROP SCHEMA IF EXISTS "${READ_MODEL_SCHEMA}" CASCADE`);
  });
}

/** An index `dropSecondaryIndexes` dropped: its table (in the read-model schema) and what creates it again. */
export interface DroppedIndex {
  table: string;
  statement: string;
}

/**
 * Drops every index but the primary keys (unique constraints included) and returns the
 * statements that create them again: a rebuild loads the tables much faster without
 * them, then `recreateIndexes` builds them in one pass over sorted data. Only for tables
 * nobody else writes.
 */
export async function dropSecondaryIndexes(orm: MikroORM, databaseUrl: string): Promise<DroppedIndex[]> {
  const recreate: DroppedIndex[] = [];
  await withDdlLock(databaseUrl, async () => {
    const connection = orm.em.getConnection();
    const indexes = await connection.execute<
      Array<{ name: string; constraint: boolean; owner: string; definition: string; statistics: string | null }>
    >(
      // An index column's statistics target (ALTER INDEX … SET STATISTICS) is not in its definition.
      `select index.relname as name, constraints.conname is not null as constraint, owner.relname as owner,
              coalesce(pg_get_constraintdef(constraints.oid), pg_get_indexdef(i.indexrelid)) as definition,
              (select string_agg(format('ALTER INDEX %I.%I ALTER COLUMN %s SET STATISTICS %s',
                                        ?::text, index.relname, a.attnum, a.attstattarget), ';\n')
                 from pg_attribute a
                where a.attrelid = i.indexrelid and a.attnum > 0 and a.attstattarget >= 0) as statistics
       from pg_index i
       join pg_class index on index.oid = i.indexrelid
       join pg_class owner on owner.oid = i.indrelid
       left join pg_constraint constraints on constraints.conindid = i.indexrelid
       where index.relnamespace = ?::regnamespace and not i.indisprimary`,
      [READ_MODEL_SCHEMA, READ_MODEL_SCHEMA],
    );
    for (const index of indexes) {
      const table = `"${READ_MODEL_SCHEMA}"."${index.owner}"`;
      await connection.execute(
        index.constraint
          ? `ALTER TABLE ${table} DROP CONSTRAINT "${index.name}"`
          : `DROP INDEX "${READ_MODEL_SCHEMA}"."${index.name}"`,
      );
      recreate.push({
        table: index.owner,
        statement: [
          index.constraint
            ? `ALTER TABLE ${table} ADD CONSTRAINT "${index.name}" ${index.definition}`
            : index.definition,
          ...(index.statistics ? [index.statistics] : []),
        ].join(';\n'),
      });
    }
  });
  return recreate;
}

/**
 * Creates again indexes `dropSecondaryIndexes` dropped, one after the other on one
 * session. Calls may run at once (e.g. one per table, as soon as the table is loaded):
 * they share the DDL lock, which other schema changes wait for.
 */
export async function recreateIndexes(databaseUrl: string, indexes: readonly DroppedIndex[]): Promise<void> {
  if (indexes.length === 0) return;
  await withDdlLock(
    databaseUrl,
    async (session) => {
      for (const index of indexes) await session.query(index.statement);
    },
    { shared: true },
  );
}

async function withDdlLock(
  databaseUrl: string,
  work: (session: Client) => Promise<void>,
  options: { shared?: boolean } = {},
): Promise<void> {
  const session = new Client({ connectionString: databaseUrl });
  await session.connect();
  try {
    const lock = options.shared ? 'pg_advisory_lock_shared' : 'pg_advisory_lock';
    await session.query(`SELECT ${lock}(hashtextextended($1, 0))`, [DDL_LOCK]);
    await work(session);
  } finally {
    await session.end();
  }
}
