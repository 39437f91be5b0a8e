import { tryTakeLease, type Lease } from '@tenantry/postgres';
import { escapeLiteral } from 'pg';
import { READ_MODEL_SCHEMA } from '../tables/table';

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

/** SQLSTATE of the fence's refusal (class of its own, not PostgreSQL's). */
const LEASE_LOST_SQLSTATE = 'TL001';

/**
 * Fence for a batch transaction, as a statement sent with its COMMIT (no round trip of
 * its own): it raises unless the lease's session still holds the lock (it is alive: see
 * `leaseHeldBy` in libs/postgres), and the batch is rolled back. The check is the read
 * model's function `projector_lease_fence` (migration 0004). `asLeaseLost` turns that
 * refusal into ProjectorLeaseLost.
 */
export function leaseFence(lease: ProjectorLease): string {
  return `SELECT "${READ_MODEL_SCHEMA}".projector_lease_fence(${Math.trunc(lease.pid)}, ${escapeLiteral(lease.sessionStartedAt)}::timestamptz)`;
}

/** The fence's refusal as ProjectorLeaseLost; any other error as it is. */
export const asLeaseLost = (error: unknown): unknown =>
  (error as { code?: unknown })?.code === LEASE_LOST_SQLSTATE ? new ProjectorLeaseLost() : error;
