import { Priority } from '@tenantry/tenant-domain';

export interface QueuedJob {
  /** Jobs with one key (a tenant) never run at the same time. */
  key: string;
  priority: Priority;
  /** When the job was queued (ms); it gains one priority level per `agingMs` waited. */
  queuedAt: number;
  /** Arrival order, for ties. */
  sequence: number;
}

const RANK: Record<Priority, number> = { LOW: 0, NORMAL: 1, HIGH: 2 };

/**
 * Which queued job runs next: the highest priority after aging, oldest first among
 * equals, skipping jobs whose key is busy. Aging is what keeps LOW from starving
 * under a flood of NORMAL: after `agingMs` a LOW job ranks as NORMAL and, being
 * older, goes first.
 */
export function pickNextJob<J extends QueuedJob>(
  queued: readonly J[],
  busyKeys: ReadonlySet<string>,
  now: number,
  agingMs: number,
): J | undefined {
  let best: J | undefined;
  let bestRank = -Infinity;
  for (const job of queued) {
    if (busyKeys.has(job.key)) continue;
    const rank = RANK[job.priority] + (agingMs > 0 ? Math.floor((now - job.queuedAt) / agingMs) : 0);
    if (rank > bestRank || (rank === bestRank && best !== undefined && job.sequence < best.sequence)) {
      best = job;
      bestRank = rank;
    }
  }
  return best;
}
