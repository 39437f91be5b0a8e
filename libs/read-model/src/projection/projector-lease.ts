import { leaseHeldBy, tryTakeLease, type Lease } from '@tenantry/postgres';
import type { SqlClient } from '@tenantry/postgres';

/** Only the holder of this session advisory lock projects; other gateways stand by. */
const PROJECTOR_LOCK = 'tenantry.read_model.projector';

/** Held while this process is the active projector; `lost` settles when the lock's session dies. */
export type ProjectorLease = Lease;

export class ProjectorLeaseLost extends Error {
  readonly code = 'PROJECTOR_LEASE_LOST';
  constructor() {
    super('The projector lock session is gone: another gateway may be projecting');
    this.name = 'ProjectorLeaseLost';
  }
}

export const tryTakeProjectorLease = (databaseUrl: string, heartbeatMs: number): Promise<ProjectorLease | undefined> =>
  tryTakeLease(databaseUrl, PROJECTOR_LOCK, heartbeatMs);

/** Fence for a batch transaction: throws unless the lease's session still holds the lock. */
export async function assertLeaseHeld(client: SqlClient, lease: ProjectorLease): Promise<void> {
  if (!(await leaseHeldBy(client, lease, PROJECTOR_LOCK))) throw new ProjectorLeaseLost();
}
