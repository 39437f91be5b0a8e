import type { GlobalPosition } from '@tenantry/event-store';
import type { Pool, PoolClient } from 'pg';

type Queryable = Pool | PoolClient;

/** Table of relay checkpoints: the position of the last event whose publication was acknowledged. */
export const checkpointTable = (schema = 'public'): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name ${JSON.stringify(schema)}`);
  return `"${schema}"."relay_checkpoints"`;
};

export async function ensureCheckpointTable(db: Queryable, table: string): Promise<void> {
  const client = 'release' in db ? db : await db.connect();
  try {
    await client.query('BEGIN');
    // Serialise concurrent starts: CREATE TABLE IF NOT EXISTS can still race in the catalog.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`tenantry.ddl:${table}`]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
      name text PRIMARY KEY,
      position text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    if (client !== db) client.release();
  }
}

export async function loadCheckpoint(db: Queryable, table: string, name: string): Promise<GlobalPosition | undefined> {
  const { rows } = await db.query<{ position: string }>(`SELECT position FROM ${table} WHERE name = $1`, [name]);
  return rows[0]?.position;
}

/**
 * Lets a session's checkpoint writes commit without waiting for the WAL flush: a
 * checkpoint lost in a crash only means re-publishing from an older one, which the
 * stream drops as duplicates (`Nats-Msg-Id`) and every consumer ignores anyway.
 */
export async function commitCheckpointsAsynchronously(session: PoolClient): Promise<void> {
  await session.query('SET synchronous_commit = off');
}

export async function saveCheckpoint(
  db: Queryable,
  table: string,
  name: string,
  position: GlobalPosition,
): Promise<void> {
  await db.query(
    `INSERT INTO ${table} (name, position) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()`,
    [name, position],
  );
}
