import { AdvisoryLease, tryTakeAdvisoryLease } from '../gateway-state/advisory-lease';
import type { SqlClient } from './sql/sql-client';

/** Only the holder of this session advisory lock projects; other gateways stand by. */
const PROJECTOR_LOCK = 'tenantry.read_model.projector';

/** Held while this process is the active projector; `lost` settles when the lock's session dies. */
export type ProjectorLease = AdvisoryLease;

export class ProjectorLeaseLost extends Error {
  readonly code = 'PROJECTOR_LEASE_LOST';
  constructor() {
    super('The projector lock session is gone: another gateway may be projecting');
    this.name = 'ProjectorLeaseLost';
  }
}

export const tryTakeProjectorLease = (databaseUrl: string, heartbeatMs: number): Promise<ProjectorLease | undefined> =>
  tryTakeAdvisoryLease(databaseUrl, PROJECTOR_LOCK, heartbeatMs);

/** Fence for a batch transaction: throws unless the lease's session still holds the lock. */
export async function assertLeaseHeld(client: SqlClient, lease: ProjectorLease): Promise<void> {
  const { rows } = await client.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = $1
       AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($2, 0)) AS held`,
    [lease.pid, PROJECTOR_LOCK],
  );
  if (!rows[0]?.held) throw new ProjectorLeaseLost();
}
