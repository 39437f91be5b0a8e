/**
 * One fetched batch → one PostgreSQL transaction: tenants, operations, history,
 * notifications and the checkpoint change together or not at all.
 */
import type { Pool } from 'pg';
import { inTransaction } from '../gateway-state/gateway-database';
import { FoldChanges, foldStreamed } from './fold-events';
import type { TenantView } from './ports';
import type { SqlClient } from './sql/sql-client';
import { loadOperations, loadTenants, readCheckpoint, recordedEventIds } from './sql/view-reads';
import {
  checkpointWrite, historyInsert, operationsUpsert, tenantsUpsert, writePartsReturningNotifications,
} from './sql/view-writes';
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
  /** Runs last inside the transaction; throws to roll back (e.g. this projector lost its lock). */
  beforeCommit?: (client: SqlClient) => Promise<void>;
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
  return inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [BATCH_LOCK]);
    const checkpoint = await readCheckpoint(client, options.checkpointName);
    const fresh = events.filter((e) => e.streamSequence > checkpoint);
    const views = await loadViews(client, fresh);
    const changes = new FoldChanges();
    const sources = {
      // Every operation the batch names is loaded already; only a gap's events may name another.
      operation: async (id: string) => (views.loadedOperationIds.has(id) ? null : (await loadOperations(client, [id])).get(id) ?? null),
      loadTenantEvents: options.loadTenantEvents,
    };
    for (const streamed of fresh) await foldStreamed(views, changes, streamed, sources);

    const tenants = [...changes.tenantIds].map((id) => views.tenants.get(id)!);
    const moved = Math.max(checkpoint, lastSequence);
    const notifications = await writePartsReturningNotifications(client, [
      historyInsert(changes.history),
      tenantsUpsert(tenants),
      operationsUpsert([...changes.operationIds].map((id) => views.operations.get(id)!)),
      checkpointWrite(options.checkpointName, moved),
    ], changes.notifications);
    await options.beforeCommit?.(client);
    const applied = changes.history.length;
    return { applied, skipped: events.length - applied, notifications, tenants, checkpoint: moved };
  });
}

async function loadViews(client: SqlClient, events: readonly StreamedEvent[]) {
  const tenantIds = [...new Set(events.map((e) => e.event.data.tenantId))];
  const operationIds = [...new Set(events.map((e) => e.event.data.operationId))];
  // One after the other: a transaction is one connection, and pg does not pipeline.
  return {
    tenants: await loadTenants(client, tenantIds),
    operations: await loadOperations(client, operationIds),
    loadedOperationIds: new Set(operationIds),
    recordedEventIds: await recordedEventIds(client, events.map((e) => e.eventId)),
  };
}
