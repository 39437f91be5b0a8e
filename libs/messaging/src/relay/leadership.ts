import type { Pool, PoolClient } from 'pg';

/** Held while this process is the one that may act; `lost` settles if the lock's session dies. */
export interface Leadership {
  /** The session that holds the lock: writes through it fail once leadership is lost. */
  readonly session: PoolClient;
  readonly lost: Promise<unknown>;
  release(): Promise<void>;
}

/**
 * Tries to take a PostgreSQL session advisory lock on a connection of its own. The lock
 * lives as long as that session, so a crashed or partitioned leader frees it. A heartbeat
 * notices a dead session even when no query is running.
 */
export async function tryAcquireLeadership(
  pool: Pool,
  key: string,
  heartbeatMs: number,
): Promise<Leadership | undefined> {
  const session = await pool.connect();
  let acquired = false;
  try {
    const { rows } = await session.query<{ acquired: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired',
      [key],
    );
    acquired = rows[0]!.acquired;
  } finally {
    if (!acquired) session.release();
  }
  if (!acquired) return undefined;

  let markLost!: (reason: unknown) => void;
  const lost = new Promise<unknown>((resolve) => (markLost = resolve));
  session.on('error', markLost);
  const heartbeat = setInterval(() => session.query('SELECT 1').catch(markLost), heartbeatMs);
  let released: Promise<void> | undefined;
  return {
    session,
    lost,
    release() {
      released ??= (async () => {
        clearInterval(heartbeat);
        markLost(new Error('leadership released'));
        // Ending the session is what frees a session lock, whatever state the connection is in.
        session.release(true);
      })();
      return released;
    },
  };
}
