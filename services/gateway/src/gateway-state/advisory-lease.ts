import { Client } from 'pg';

/** Held while this process holds a session advisory lock; `lost` settles when the session dies or is released. */
export interface AdvisoryLease {
  /** Backend pid of the session holding the lock (to fence writes, see the projector). */
  readonly pid: number;
  readonly lost: Promise<unknown>;
  readonly isLost: () => boolean;
  release(): Promise<void>;
}

/**
 * `pg_try_advisory_lock` on a connection of its own: the lock lives as long as that
 * session, so a crashed gateway frees it, and a heartbeat notices a dead session.
 * One holder among all gateways runs the loop the lock guards (e.g. the mailer).
 */
export async function tryTakeAdvisoryLease(
  databaseUrl: string,
  lockName: string,
  heartbeatMs: number,
): Promise<AdvisoryLease | undefined> {
  const session = new Client({ connectionString: databaseUrl, application_name: lockName });
  let lostFlag = false;
  let markLost!: (reason: unknown) => void;
  const lost = new Promise<unknown>(
    (resolve) =>
      (markLost = (reason) => {
        lostFlag = true;
        resolve(reason);
      }),
  );
  session.on('error', markLost);
  await session.connect();
  let pid: number;
  try {
    const { rows } = await session.query<{ acquired: boolean; pid: number }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired, pg_backend_pid() AS pid',
      [lockName],
    );
    if (!rows[0]!.acquired) {
      await session.end();
      return undefined;
    }
    pid = rows[0]!.pid;
  } catch (error) {
    await session.end().catch(() => undefined);
    throw error;
  }
  const heartbeat = setInterval(() => session.query('SELECT 1').catch(markLost), heartbeatMs);
  heartbeat.unref();
  let released: Promise<void> | undefined;
  return {
    pid,
    lost,
    isLost: () => lostFlag,
    release() {
      released ??= (async () => {
        clearInterval(heartbeat);
        markLost(new Error('lease released'));
        // Ending the session is what frees a session lock.
        await session.end().catch(() => undefined);
      })();
      return released;
    },
  };
}
