import { applyMigrations } from '@tenantry/postgres';
import { Pool } from 'pg';
import type { CommandReply } from '@tenantry/tenant-domain';
import { idempotencyMigrations } from './idempotency-migrations';
import { ABANDONED_CLAIM_MS, Claim, IDEMPOTENCY_WINDOW_MS, IdempotencyRecords } from './idempotency-records';

/** Expired keys are deleted at most this often, by whichever claim comes next. */
const CLEANUP_EVERY_MS = 60_000;

export interface PostgresIdempotencyRecords extends IdempotencyRecords {
  close(): Promise<void>;
}

export interface PostgresIdempotencyOptions {
  /**
   * The commands' events are appended to this same PostgreSQL: a claim then commits
   * without waiting for the WAL flush. Safe because WAL is flushed in order: an append's
   * durable commit (and the reply's record, itself durable) flushes the earlier claim too,
   * and a claim lost before either means nothing was acted on. Not with KurrentDB.
   */
  eventsInSameDatabase?: boolean;
}

/**
 * Keys in table `command_idempotency` of DATABASE_URL's database. A claim inserts the
 * key first (reply NULL = pending); the primary key makes two concurrent claims of one key
 * end in one insert, the other reading the row. An expired or abandoned row is taken over
 * by the same statement.
 */
export async function postgresIdempotencyRecords(
  connectionString: string,
  { eventsInSameDatabase = false }: PostgresIdempotencyOptions = {},
): Promise<PostgresIdempotencyRecords> {
  const pool = new Pool({ connectionString, max: 4 });
  // Records written after the reply went out; close() waits for them.
  const writing = new Set<Promise<unknown>>();
  const tracked = <T>(write: Promise<T>): Promise<T> => {
    writing.add(write);
    void write.finally(() => writing.delete(write)).catch(() => undefined);
    return write;
  };
  const claimSource = eventsInSameDatabase
    ? `SELECT $1, $2, $3 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS commit_without_flush`
    : 'VALUES ($1, $2, $3)';
  // An idle connection the server drops must not crash the process: the next query reconnects.
  pool.on('error', () => undefined);
  await applyMigrations(pool, [idempotencyMigrations]);
  let cleanedAt = 0;

  const cleanLazily = () => {
    if (Date.now() - cleanedAt < CLEANUP_EVERY_MS) return;
    cleanedAt = Date.now();
    void pool
      .query(`DELETE FROM command_idempotency WHERE created_at < now() - make_interval(secs => $1)`, [
        IDEMPOTENCY_WINDOW_MS / 1000,
      ])
      .catch(() => undefined);
  };

  const records: PostgresIdempotencyRecords = {
    async claim(scope, requestHash): Promise<Claim> {
      cleanLazily();
      const claimed = await pool.query(
        `INSERT INTO command_idempotency (principal, key, request_hash) ${claimSource}
         ON CONFLICT (principal, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, reply = NULL, created_at = now()
           WHERE command_idempotency.created_at < now() - make_interval(secs => $4)
              OR (command_idempotency.reply IS NULL AND command_idempotency.created_at < now() - make_interval(secs => $5))
         RETURNING 1`,
        [scope.principal, scope.key, requestHash, IDEMPOTENCY_WINDOW_MS / 1000, ABANDONED_CLAIM_MS / 1000],
      );
      if (claimed.rowCount === 1) return { kind: 'claimed' };
      const found = await pool.query<{ request_hash: string; reply: CommandReply | null }>(
        'SELECT request_hash, reply FROM command_idempotency WHERE principal = $1 AND key = $2',
        [scope.principal, scope.key],
      );
      const row = found.rows[0];
      // Deleted between the two statements (released): claim again.
      if (!row) return records.claim(scope, requestHash);
      return row.reply
        ? { kind: 'answered', requestHash: row.request_hash, reply: row.reply }
        : { kind: 'pending', requestHash: row.request_hash };
    },
    async answer(scope, reply) {
      await tracked(
        pool.query('UPDATE command_idempotency SET reply = $3 WHERE principal = $1 AND key = $2', [
          scope.principal,
          scope.key,
          JSON.stringify(reply),
        ]),
      );
    },
    async release(scope) {
      await tracked(
        pool.query('DELETE FROM command_idempotency WHERE principal = $1 AND key = $2 AND reply IS NULL', [
          scope.principal,
          scope.key,
        ]),
      );
    },
    async close() {
      await Promise.allSettled([...writing]);
      await pool.end();
    },
  };
  return records;
}
