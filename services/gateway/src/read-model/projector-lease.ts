import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';

/** Only the holder of this session advisory lock projects; other gateways stand by. */
const PROJECTOR_LOCK = 'tenantry.read_model.projector';

/** Held while this process is the active projector; `lost` settles when the lock's session dies. */
export interface ProjectorLease {
  /** Backend pid of the session holding the lock. */
  readonly pid: number;
  readonly lost: Promise<unknown>;
  release(): Promise<void>;
}

export class ProjectorLeaseLost extends Error {
  readonly code = 'PROJECTOR_LEASE_LOST';
  constructor() {
    super('The projector lock session is gone: another gateway may be projecting');
    this.name = 'ProjectorLeaseLost';
  }
}

/**
 * Tries `pg_try_advisory_lock` on a connection of its own. The lock lives as long as
 * that session, so a crashed gateway frees it; a heartbeat notices a dead session.
 */
export async function tryTakeProjectorLease(databaseUrl: string, heartbeatMs: number): Promise<ProjectorLease | undefined> {
  const session = new Client({ connectionString: databaseUrl, application_name: 'tenantry-projector-lock' });
  let markLost!: (reason: unknown) => void;
  const lost = new Promise<unknown>((resolve) => (markLost = resolve));
  session.on('error', markLost);
  await session.connect();
  let pid: number;
  try {
    const { rows } = await session.query<{ acquired: boolean; pid: number }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired, pg_backend_pid() AS pid',
      [PROJECTOR_LOCK],
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
  let released: Promise<void> | undefined;
  return {
    pid,
    lost,
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

/** Fence for a batch transaction: throws unless the lease's session still holds the lock. */
export async function assertLeaseHeld(em: EntityManager, lease: ProjectorLease): Promise<void> {
  const rows = await em.execute<Array<{ held: boolean }>>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = ?
       AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(?, 0)) AS held`,
    [lease.pid, PROJECTOR_LOCK],
  );
  if (!rows[0]?.held) throw new ProjectorLeaseLost();
}
