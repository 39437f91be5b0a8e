/**
 * One fetched batch → one PostgreSQL transaction: tenants, operations, history,
 * notifications and the checkpoint change together or not at all.
 */
import { bundledWith, type SqlClient } from '@tenantry/postgres';
import type { Pool, PoolClient } from 'pg';
import { FoldChanges, foldStreamed } from './fold-events';
import type { TenantView } from '../ports';
import { loadBatchViews, loadOperations } from '../tables/view-reads';
import {
  checkpointWrite,
  historyInsert,
  operationsUpsert,
  tenantsUpsert,
  writePartsReturningNotifications,
} from '../tables/view-writes';
import type { StoredNotification } from './stored-notification';
import type { StreamedEvent, TenantEventsLoader } from './streamed-event';

export type { StreamedEvent, TenantEventsLoader } from './streamed-event';

export interface BatchOutcome {
  applied: number;
  /** Already applied (redelivery, replay) or about a tenant never requested. */
  skipped: number;
  /** New notification rows, in cursor order: publish them after commit. */
  notifications: StoredNotification[];
  /** Tenants the batch changed, as committed. */
  tenants: TenantView[];
  /** Statuses a tenant passed through within the batch (see FoldChanges), to show before `tenants`. */
  passedThrough: TenantView[];
  checkpoint: number;
}

export interface ApplyBatchOptions {
  checkpointName: string;
  /**
   * Fills a gap: the relay may (rarely) publish a tenant's event after a later one,
   * and an event that is applied out of order would make its predecessor look
   * already applied. The missing revisions are then read from the event store.
   */
  loadTenantEvents?: TenantEventsLoader;
  /** A statement sent with the COMMIT that raises to roll back (e.g. this projector lost its lock). */
  commitGuard?: string;
  /**
   * Commit without waiting for the WAL flush. Only after `leapNotificationCursors` (a lost
   * batch's cursors may have been announced) and with a consumer that redelivers from the
   * checkpoint on takeover (a lost batch was acknowledged): see the projector.
   */
  commitWithoutFlush?: boolean;
}

/** Serialises batch transactions of every projector, so notification ids commit in order. */
const BATCH_LOCK = 'tenantry.read_model.projector.batch';

/**
 * Applies `events` (in stream order) on top of the views and moves the checkpoint to
 * `lastSequence` (which may be past the last event when undecodable messages were skipped).
 */
export async function applyBatch(
  pool: Pool,
  events: readonly StreamedEvent[],
  lastSequence: number,
  options: ApplyBatchOptions,
): Promise<BatchOutcome> {
  return inBatchTransaction(pool, options, async ({ opening, closing, client }) => {
    // After the lock: the checkpoint and views as the previous batch committed them. Views of
    // events at or before the checkpoint are read too (same round trip) and simply not used.
    const operationIds = new Set(events.map((e) => e.event.data.operationId));
    const views = await loadBatchViews(opening, options.checkpointName, {
      tenantIds: [...new Set(events.map((e) => e.event.data.tenantId))],
      operationIds: [...operationIds],
      eventIds: events.map((e) => e.eventId),
    });
    const checkpoint = views.checkpoint;
    const fresh = events.filter((e) => e.streamSequence > checkpoint);
    const changes = new FoldChanges();
    const sources = {
      // Every operation the batch names is loaded already; only a gap's events may name another.
      operation: async (id: string) =>
        operationIds.has(id) ? null : ((await loadOperations(client, [id])).get(id) ?? null),
      loadTenantEvents: options.loadTenantEvents,
    };
    for (const streamed of fresh) await foldStreamed(views, changes, streamed, sources);

    const tenants = [...changes.tenantIds].map((id) => views.tenants.get(id)!);
    const moved = Math.max(checkpoint, lastSequence);
    const notifications = await writePartsReturningNotifications(
      closing,
      [
        historyInsert(changes.history),
        tenantsUpsert(tenants),
        operationsUpsert([...changes.operationIds].map((id) => views.operations.get(id)!)),
        checkpointWrite(options.checkpointName, moved, fresh.at(-1)?.position ?? null),
      ],
      changes.notifications,
    );
    const applied = changes.history.length;
    return {
      applied,
      skipped: events.length - applied,
      notifications,
      tenants,
      passedThrough: [...changes.passedThrough],
      checkpoint: moved,
    };
  });
}

/** The connection of a batch transaction: its first read opens it, its last write closes it. */
interface BatchConnection {
  /** For the first read: sent with BEGIN, the settings and the batch lock, in one round trip. */
  opening: SqlClient;
  /** For the last write: sent with the commit guard and COMMIT, in one round trip. */
  closing: SqlClient;
  /** For anything in between (a gap's events, an operation not loaded). */
  client: PoolClient;
}

/**
 * The batch's transaction in two round trips when nothing else must be read: [BEGIN,
 * settings, lock, the views] and [the writes, the guard, COMMIT]. Every notification
 * waits for it, and on two shared cores each round trip is a wake-up of two processes.
 * Rolled back (and rethrown) on any failure.
 */
async function inBatchTransaction<T>(
  pool: Pool,
  options: ApplyBatchOptions,
  work: (connection: BatchConnection) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let usable = true;
  try {
    const opening = bundledWith(client, {
      before: [
        'BEGIN',
        ...(options.commitWithoutFlush ? ['SET LOCAL synchronous_commit = off'] : []),
        `SELECT pg_advisory_xact_lock(hashtextextended('${BATCH_LOCK}', 0))`,
      ],
    });
    const closing = bundledWith(client, { after: [...(options.commitGuard ? [options.commitGuard] : []), 'COMMIT'] });
    const result = await work({ opening, closing, client });
    if (!opening.sent || !closing.sent) throw new Error('a batch transaction must read first and write last');
    return result;
  } catch (error) {
    usable = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    throw error;
  } finally {
    client.release(!usable);
  }
}
