import type { GlobalPosition } from '@tenantry/event-store';
import { applyMigrations } from '@tenantry/postgres';
import type { ClientBase, Pool } from 'pg';
import { relayCheckpointMigrations } from './checkpoint-migrations';

type Queryable = Pool | ClientBase;

/** Table of relay checkpoints: the position of the last event whose publication was acknowledged. */
export const checkpointTable = (schema = 'public'): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name ${JSON.stringify(schema)}`);
  return `"${schema}"."relay_checkpoints"`;
};

/** Applies the relay's pending migrations (`checkpoint-migrations.ts`): the table, as this version needs it. */
export async function ensureCheckpointTable(pool: Pool, schema = 'public'): Promise<void> {
  await applyMigrations(pool, [relayCheckpointMigrations(schema)]);
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
export async function commitCheckpointsAsynchronously(session: ClientBase): Promise<void> {
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
