import { Client } from 'pg';

/** Held while this process holds a session advisory lock; `lost` settles when the session dies or is released. */
export interface AdvisoryLease {
  readonly lost: Promise<unknown>;
  readonly isLost: () => boolean;
  release(): Promise<void>;
}

/**
 * `pg_try_advisory_lock` on a connection of its own: the lock lives as long as that
 * session, so a crashed gateway frees it, and a heartbeat notices a dead session.
 * One holder among all gateways runs the loop the lock guards (e.g. the mailer).
 */
export async function tryTakeAdvisoryLease(databaseUrl: string, lockName: string, heartbeatMs: number): Promise<AdvisoryLease | undefined> {
  const session = new Client({ connectionString: databaseUrl, application_name: lockName });
  let lostFlag = false;
  let markLost!: (reason: unknown) => void;
  const lost = new Promise<unknown>((resolve) => (markLost = (reason) => {
    lostFlag = true;
    resolve(reason);
  }));
  session.on('error', markLost);
  await session.connect();
  try {
    const { rows } = await session.query<{ acquired: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired', [lockName]);
    if (!rows[0]!.acquired) {
      await session.end();
      return undefined;
    }
  } catch (error) {
    await session.end().catch(() => undefined);
    throw error;
  }
  const heartbeat = setInterval(() => session.query('SELECT 1').catch(markLost), heartbeatMs);
  heartbeat.unref();
  let released: Promise<void> | undefined;
  return {
    lost,
    isLost: () => lostFlag,
    release() {
      released ??= (async () => {
        clearInterval(heartbeat);
        markLost(new Error('lease released'));
        await session.end().catch(() => undefined);
      })();
      return released;
    },
  };
}
