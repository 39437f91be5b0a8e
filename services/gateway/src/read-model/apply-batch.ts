/**
 * One fetched batch → one PostgreSQL transaction: tenants, operations, history,
 * notifications and the checkpoint change together or not at all.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TenantEvent } from '@tenantry/tenant-domain';
import { CheckpointEntity, NotificationEntity, OperationEntity, TenantEntity, TenantEventEntity } from './entities';
import type { NotificationView, OperationView, TenantView } from './ports';
import { project } from './projection';
import { operationFromRow, operationToRow, tenantFromRow, tenantToRow } from './rows';

/** A tenant event as it came off the stream. */
export interface StreamedEvent {
  /** JetStream stream sequence: what the checkpoint counts. */
  streamSequence: number;
  eventId: string;
  /** 0-based revision in the tenant's event stream. */
  revision: number;
  event: TenantEvent;
}

export interface BatchOutcome {
  applied: number;
  /** Already applied (redelivery, replay) or about a tenant never requested. */
  skipped: number;
  /** New notification rows, in cursor order: publish them after commit. */
  notifications: NotificationView[];
  /** Tenants the batch changed, as committed. */
  tenants: TenantView[];
  checkpoint: number;
}

export interface ApplyBatchOptions {
  checkpointName: string;
  /** Runs last inside the transaction; throws to roll back (e.g. this projector lost its lock). */
  beforeCommit?: (em: EntityManager) => Promise<void>;
}

/** Serialises batch transactions of every projector, so notification ids commit in order. */
const BATCH_LOCK = 'tenantry.read_model.projector.batch';

/**
 * Applies `events` (in stream order) on top of the views and moves the checkpoint to
 * `lastSequence` (which may be past the last event when undecodable messages were skipped).
 */
export async function applyBatch(
  em: EntityManager,
  events: readonly StreamedEvent[],
  lastSequence: number,
  options: ApplyBatchOptions,
): Promise<BatchOutcome> {
  return em.fork().transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [BATCH_LOCK]);
    const checkpoint = (await tx.findOne(CheckpointEntity, { name: options.checkpointName }))?.streamSequence ?? 0;
    const fresh = events.filter((e) => e.streamSequence > checkpoint);
    const views = await loadViews(tx, fresh);
    const changedTenants = new Set<string>();
    const changedOperations = new Set<string>();
    const notifications: NotificationView[] = [];
    let applied = 0;

    for (const streamed of fresh) {
      const { event, revision } = streamed;
      const tenant = views.tenants.get(event.data.tenantId) ?? null;
      const operation = views.operations.get(event.data.operationId) ?? null;
      const outcome = project({ tenant, operation }, event, revision);
      if (outcome.kind === 'skipped' || !(await recordHistory(tx, streamed, outcome.projection.history.data))) continue;
      const next = outcome.projection;
      views.tenants.set(next.tenant.id, next.tenant);
      changedTenants.add(next.tenant.id);
      if (next.operation) {
        views.operations.set(next.operation.id, next.operation);
        changedOperations.add(next.operation.id);
      }
      for (const notification of next.notifications) {
        const rows = await tx.createQueryBuilder(NotificationEntity)
          .insert({ ...notification, eventId: streamed.eventId })
          .onConflict(['eventId', 'recipientId']).ignore()
          .execute('all', false);
        const id = (rows as Array<{ id: string | number }>)[0]?.id;
        if (id !== undefined) notifications.push({ ...notification, cursor: String(id) });
      }
      applied++;
    }

    const tenants = [...changedTenants].map((id) => views.tenants.get(id)!);
    const operations = [...changedOperations].map((id) => views.operations.get(id)!);
    if (tenants.length > 0) {
      await tx.createQueryBuilder(TenantEntity).insert(tenants.map(tenantToRow)).onConflict('id').merge().execute('run');
    }
    if (operations.length > 0) {
      await tx.createQueryBuilder(OperationEntity).insert(operations.map(operationToRow)).onConflict('id').merge().execute('run');
    }
    const moved = Math.max(checkpoint, lastSequence);
    await tx.createQueryBuilder(CheckpointEntity)
      .insert({ name: options.checkpointName, streamSequence: moved, updatedAt: new Date() })
      .onConflict('name').merge().execute('run');
    await options.beforeCommit?.(tx);
    return { applied, skipped: events.length - applied, notifications, tenants, checkpoint: moved };
  });
}

async function loadViews(tx: EntityManager, events: readonly StreamedEvent[]) {
  const tenantIds = [...new Set(events.map((e) => e.event.data.tenantId))];
  const operationIds = [...new Set(events.map((e) => e.event.data.operationId))];
  const [tenantRows, operationRows] = await Promise.all([
    tenantIds.length ? tx.find(TenantEntity, { id: { $in: tenantIds } }) : [],
    operationIds.length ? tx.find(OperationEntity, { id: { $in: operationIds } }) : [],
  ]);
  return {
    tenants: new Map<string, TenantView>(tenantRows.map((row) => [row.id, tenantFromRow(row)])),
    operations: new Map<string, OperationView>(operationRows.map((row) => [row.id, operationFromRow(row)])),
  };
}

/** Inserts the history row; false when (tenant, revision) or the event id is already there. */
async function recordHistory(tx: EntityManager, streamed: StreamedEvent, publicData: string): Promise<boolean> {
  const result = await tx.createQueryBuilder(TenantEventEntity)
    .insert({
      tenantId: streamed.event.data.tenantId,
      version: streamed.revision,
      eventId: streamed.eventId,
      type: streamed.event.type,
      occurredAt: new Date(streamed.event.data.occurredAt),
      data: JSON.parse(publicData) as Record<string, unknown>,
      streamSequence: streamed.streamSequence,
    })
    .onConflict().ignore()
    .execute('run');
  return result.affectedRows > 0;
}
