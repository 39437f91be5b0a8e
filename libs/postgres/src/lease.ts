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
  /**
   * When that backend started (PostgreSQL's text of `backend_start`): with the pid, it names
   * the session even after the pid is reused by another backend.
   */
  readonly sessionStartedAt: string;
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
  let sessionStartedAt: string;
  try {
    const { rows } = await session.query<{ acquired: boolean; pid: number; started: string }>(
      `SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired, pg_backend_pid() AS pid,
         (SELECT backend_start::text FROM pg_stat_get_activity(pg_backend_pid())) AS started`,
      [name],
    );
    if (!rows[0]!.acquired) {
      await end(false);
      return undefined;
    }
    pid = rows[0]!.pid;
    sessionStartedAt = rows[0]!.started;
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
    sessionStartedAt,
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

/**
 * Whether the lease's session still holds its lock, asked on another connection (a fence
 * before a commit). A lease's session takes its lock once and never releases it but by
 * ending (`release()` ends it), so alive means held: asked of that one backend's status
 * (`pg_stat_get_activity(pid)` with its start, ~0.05 ms, a reused pid is another session)
 * rather than of `pg_locks`, which copies the whole lock table (~0.8 ms under load).
 * The asking connection must log in as the same role as the lease's session (a backend of
 * another role shows no `backend_start` without pg_read_all_stats): both come from one URL.
 * An exiting backend frees its locks a moment before its status goes: a fenced write may
 * commit in that moment, as it always could between its fence and its COMMIT. Fenced writers
 * must still order their transactions among themselves (the projector's batch lock does).
 * The projector's fence, sent with a COMMIT, is the same check as a function of the read
 * model (`read_model.projector_lease_fence`).
 */
export async function leaseHeldBy(client: SqlClient, lease: Pick<Lease, 'pid' | 'sessionStartedAt'>): Promise<boolean> {
  const { rows } = await client.query<{ held: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM pg_stat_get_activity($1) WHERE backend_start = $2::timestamptz) AS held',
    [lease.pid, lease.sessionStartedAt],
  );
  return rows[0]?.held === true;
}
