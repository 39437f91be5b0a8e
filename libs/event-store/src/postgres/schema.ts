import type { Pool } from 'pg';
import { appendFunctionSql } from './append-function';
import { EventStoreTables } from './tables';

/**
 * Creates the schema, table, indexes and append function if missing. Concurrent starts serialise on
 * a transaction advisory lock, because `CREATE ... IF NOT EXISTS` alone can still
 * fail with a unique violation in the catalog when two sessions race.
 */
export async function ensureEventStoreSchema(pool: Pool, tables: EventStoreTables): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [tables.lockKey]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${tables.schema}"`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${tables.events} (
        global_position bigserial PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        id uuid NOT NULL CONSTRAINT events_id_unique UNIQUE,
        stream text NOT NULL,
        revision bigint NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}',
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_revision_unique UNIQUE (stream, revision)
      )`);
    await client.query(
      `CREATE INDEX IF NOT EXISTS events_transaction_order ON ${tables.events} (transaction_id, global_position)`,
    );
    await client.query(appendFunctionSql(tables));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
