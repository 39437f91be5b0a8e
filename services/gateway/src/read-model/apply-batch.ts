/**
 * One fetched batch → one PostgreSQL transaction: tenants, operations, history,
 * notifications and the checkpoint change together or not at all.
 */
import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TenantEvent } from '@tenantry/tenant-domain';
import type { EntitySchema } from '@mikro-orm/core';
import {
  CheckpointEntity, NotificationEntity, NotificationRow, OperationEntity, TenantEntity, TenantEventEntity, TenantEventRow,
} from './entities';
import type { NotificationView, OperationView, TenantView } from './ports';
import type { NewNotification } from './notification-of';
import { project } from './projection';
import type { StoredNotification } from './stored-notification';
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
  notifications: StoredNotification[];
  /** Tenants the batch changed, as committed. */
  tenants: TenantView[];
  checkpoint: number;
}

/** A tenant's events from the event store (the source of truth), oldest first. */
export type TenantEventsLoader = (tenantId: string) => Promise<Array<Omit<StreamedEvent, 'streamSequence'>>>;

export interface ApplyBatchOptions {
  checkpointName: string;
  /**
   * Fills a gap: the relay may (rarely) publish a tenant's event after a later one,
   * and an event that is applied out of order would make its predecessor look
   * already applied. The missing revisions are then read from the event store.
   */
  loadTenantEvents?: TenantEventsLoader;
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
    const history: TenantEventRow[] = [];
    const pending: PendingNotification[] = [];
    const changedTenants = new Set<string>();
    const changedOperations = new Set<string>();

    const applyOne = async (streamed: StreamedEvent): Promise<void> => {
      const { event, revision, eventId } = streamed;
      // Two guards: the tenant's version (revision ≤ version: applied) and the event id in the history.
      if (views.recordedEventIds.has(eventId)) return;
      const tenant = views.tenants.get(event.data.tenantId) ?? null;
      const operation = views.operations.get(event.data.operationId)
        ?? operationFromStored(await tx.findOne(OperationEntity, { id: event.data.operationId }));
      const outcome = project({ tenant, operation }, event, revision);
      if (outcome.kind === 'skipped') return;
      const next = outcome.projection;
      views.recordedEventIds.add(eventId);
      views.tenants.set(next.tenant.id, next.tenant);
      changedTenants.add(next.tenant.id);
      if (next.operation) {
        views.operations.set(next.operation.id, next.operation);
        changedOperations.add(next.operation.id);
      }
      history.push({
        tenantId: next.tenant.id, version: revision, eventId, type: event.type, occurredAt: next.history.occurredAt,
        data: JSON.parse(next.history.data) as Record<string, unknown>, streamSequence: streamed.streamSequence,
      });
      pending.push(...next.notifications.map((notification) => ({ ...notification, eventId })));
    };

    for (const streamed of fresh) {
      const known = views.tenants.get(streamed.event.data.tenantId)?.version ?? -1;
      if (streamed.revision > known + 1 && options.loadTenantEvents) {
        const missing = (await options.loadTenantEvents(streamed.event.data.tenantId))
          .filter((e) => e.revision > known && e.revision < streamed.revision);
        for (const earlier of missing) await applyOne({ ...earlier, streamSequence: streamed.streamSequence });
      }
      await applyOne(streamed);
    }

    const tenants = [...changedTenants].map((id) => views.tenants.get(id)!);
    const operations = [...changedOperations].map((id) => views.operations.get(id)!);
    await insertIgnoringDuplicates(tx, TenantEventEntity, history);
    const notifications = await insertNotifications(tx, pending);
    await upsert(tx, TenantEntity, tenants.map(tenantToRow), 'id');
    await upsert(tx, OperationEntity, operations.map(operationToRow), 'id');
    const moved = Math.max(checkpoint, lastSequence);
    await upsert(tx, CheckpointEntity, [{ name: options.checkpointName, streamSequence: moved, updatedAt: new Date() }], 'name');
    await options.beforeCommit?.(tx);
    return { applied: history.length, skipped: events.length - history.length, notifications, tenants, checkpoint: moved };
  });
}

const operationFromStored = (row: Parameters<typeof operationFromRow>[0] | null): OperationView | null => (row ? operationFromRow(row) : null);

async function loadViews(tx: EntityManager, events: readonly StreamedEvent[]) {
  const tenantIds = [...new Set(events.map((e) => e.event.data.tenantId))];
  const operationIds = [...new Set(events.map((e) => e.event.data.operationId))];
  const eventIds = events.map((e) => e.eventId);
  // One after the other: a transaction is one connection, and pg does not pipeline.
  const tenantRows = tenantIds.length ? await tx.find(TenantEntity, { id: { $in: tenantIds } }) : [];
  const operationRows = operationIds.length ? await tx.find(OperationEntity, { id: { $in: operationIds } }) : [];
  const recorded = eventIds.length ? await tx.find(TenantEventEntity, { eventId: { $in: eventIds } }, { fields: ['eventId'] }) : [];
  return {
    tenants: new Map<string, TenantView>(tenantRows.map((row) => [row.id, tenantFromRow(row)])),
    operations: new Map<string, OperationView>(operationRows.map((row) => [row.id, operationFromRow(row)])),
    recordedEventIds: new Set(recorded.map((row) => row.eventId)),
  };
}

/** Rows per INSERT: far below PostgreSQL's 65535 parameters for every table here. */
const CHUNK = 500;

const chunks = <T>(rows: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) => rows.slice(i * CHUNK, (i + 1) * CHUNK));

async function upsert<T extends object>(tx: EntityManager, entity: EntitySchema<T>, rows: T[], key: keyof T & string) {
  for (const chunk of chunks(rows)) {
    await tx.createQueryBuilder(entity).insert(chunk as never).onConflict(key as never).merge().execute('run');
  }
}

async function insertIgnoringDuplicates<T extends object>(tx: EntityManager, entity: EntitySchema<T>, rows: T[]) {
  for (const chunk of chunks(rows)) {
    await tx.createQueryBuilder(entity).insert(chunk as never).onConflict().ignore().execute('run');
  }
}

/**
 * Inserts in event order, so ids (cursors) follow the stream; a (event, recipient) pair
 * already stored is left alone and not announced again.
 */
type PendingNotification = NewNotification & { eventId: string };

async function insertNotifications(tx: EntityManager, rows: PendingNotification[]): Promise<StoredNotification[]> {
  const stored: NotificationView[] = [];
  for (const chunk of chunks(rows)) {
    const inserted = (await tx.createQueryBuilder(NotificationEntity)
      .insert(chunk satisfies Array<Omit<NotificationRow, 'id'>>)
      .onConflict(['eventId', 'recipientId']).ignore()
      .returning(['id', 'eventId', 'recipientId'])
      .execute('all', false)) as Array<{ id: string | number; event_id: string; recipient_id: string }>;
    const idOf = new Map(inserted.map((row) => [`${row.event_id}/${row.recipient_id}`, String(row.id)]));
    for (const { eventId, ...notification } of chunk) {
      const cursor = idOf.get(`${eventId}/${notification.recipientId}`);
      if (cursor !== undefined) stored.push({ ...notification, cursor });
    }
  }
  stored.sort((a, b) => (BigInt(a.cursor) < BigInt(b.cursor) ? -1 : 1));
  return chainToPrevious(stored, await previousCursors(tx, stored));
}

/**
 * Each recipient's newest cursor before this batch's rows. Batches are serialised
 * (BATCH_LOCK), so every committed row is older than the batch's first new one.
 */
async function previousCursors(tx: EntityManager, stored: readonly NotificationView[]): Promise<Map<string, string>> {
  if (stored.length === 0) return new Map();
  const rows = await tx.createQueryBuilder(NotificationEntity)
    .select(['recipientId', raw('max(id)::text as previous')])
    .where({ recipientId: { $in: [...new Set(stored.map((n) => n.recipientId))] }, id: { $lt: stored[0]!.cursor } })
    .groupBy('recipientId')
    .execute<Array<{ recipient_id: string; previous: string }>>('all', false);
  return new Map(rows.map((row) => [row.recipient_id, row.previous]));
}

/** `stored` in cursor order: the first row of a recipient follows `before`, each later one the row before it. */
function chainToPrevious(stored: readonly NotificationView[], before: Map<string, string>): StoredNotification[] {
  const last = new Map(before);
  return stored.map((notification) => {
    const previousCursor = last.get(notification.recipientId) ?? null;
    last.set(notification.recipientId, notification.cursor);
    return { ...notification, previousCursor };
  });
}
