import { Client, type ClientBase, type Pool } from 'pg';
import type { SqlClient } from './sql-client';

/**
 * Held while this process holds a PostgreSQL session advisory lock: the one among several
 * processes that may act (the relay that publishes, the gateway that projects or mails).
 */
export interface Lease {
  /** The session holding the lock: writes through it fail once the lease is lost. */
  readonly session: ClientBase;
  /** Backend pid of that session, to fence writes made on other connections (`leaseHeldBy`). */
  readonly pid: number;
  /** Settles when the session dies or the lease is released. */
  readonly lost: Promise<unknown>;
  isLost(): boolean;
  release(): Promise<void>;
}

/**
 * `pg_try_advisory_lock` on a connection of its own (from `source`, a pool or a connection
 * string): the lock lives as long as that session, so a crashed or partitioned holder frees
 * it, and a heartbeat notices a dead session even when no query is running. Undefined when
 * another session holds it.
 */
export async function tryTakeLease(
  source: Pool | string,
  name: string,
  heartbeatMs: number,
): Promise<Lease | undefined> {
  let lostFlag = false;
  let markLost!: (reason: unknown) => void;
  const lost = new Promise<unknown>(
    (resolve) =>
      (markLost = (reason) => {
        lostFlag = true;
        resolve(reason);
      }),
  );
  const { session, end } = await openSession(source, name, markLost);
  let pid: number;
  try {
    const { rows } = await session.query<{ acquired: boolean; pid: number }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired, pg_backend_pid() AS pid',
      [name],
    );
    if (!rows[0]!.acquired) {
      await end(false);
      return undefined;
    }
    pid = rows[0]!.pid;
  } catch (error) {
    await end();
    throw error;
  }
  const heartbeat = setInterval(() => void session.query('SELECT 1').catch(markLost), heartbeatMs);
  heartbeat.unref();
  let released: Promise<void> | undefined;
  return {
    session,
    pid,
    lost,
    isLost: () => lostFlag,
    release() {
      released ??= (async () => {
        clearInterval(heartbeat);
        markLost(new Error('lease released'));
        // Ending the session is what frees a session lock, whatever state the connection is in.
        await end();
      })();
      return released;
    },
  };
}

async function openSession(
  source: Pool | string,
  name: string,
  onError: (error: unknown) => void,
): Promise<{ session: ClientBase; end: (destroy?: boolean) => Promise<void> }> {
  if (typeof source !== 'string') {
    const session = await source.connect();
    session.on('error', onError);
    // Destroyed once it held the lock, not returned to the pool: the lock must not outlive the lease.
    return {
      session,
      // A throw (released twice) becomes the promise's rejection.
      end: (destroy = true) => new Promise<void>((resolve) => resolve(session.release(destroy))),
    };
  }
  const session = new Client({ connectionString: source, application_name: name });
  session.on('error', onError);
  await session.connect();
  return { session, end: () => session.end().catch(() => undefined) };
}

/** Whether the lease's session still holds its lock, asked on another connection (a fence before a commit). */
export async function leaseHeldBy(client: SqlClient, lease: Pick<Lease, 'pid'>, name: string): Promise<boolean> {
  const { rows } = await client.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = $1
       AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($2, 0)) AS held`,
    [lease.pid, name],
  );
  return rows[0]?.held === true;
}
