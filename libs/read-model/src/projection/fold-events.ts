/**
 * Folds streamed events into views held in memory, and records what changed: the
 * part of a projection that the live batch (apply-batch.ts) and the rebuild share.
 * The only I/O is through `sources`, for what the views do not hold.
 */
import { opensOperation } from '@tenantry/tenant-domain';
import type { OperationView, TenantView } from '../ports';
import { project } from './projection';
import type { PendingNotification } from '../tables/notifications';
import type { HistoryEntry } from '../tables/tenant-events';
import type { StreamedEvent, TenantEventsLoader } from './streamed-event';

/** What the fold knows: every tenant an event may touch, operations as far as loaded. */
export interface FoldViews {
  tenants: Map<string, TenantView>;
  operations: Map<string, OperationView>;
  /** Events already in a tenant's history (the second guard, after the tenant's version). */
  recordedEventIds: Set<string>;
}

/** What folding changed since the last write: to be written, then `clear`ed. */
export class FoldChanges {
  readonly history: HistoryEntry[] = [];
  readonly notifications: PendingNotification[] = [];
  readonly tenantIds = new Set<string>();
  readonly operationIds = new Set<string>();
  /**
   * Views a tenant held within this fold and left for another status before it ended, in
   * order: e.g. PROVISIONING when a creation's start and outcome are folded together. A
   * live viewer is shown them before the tenant's final view, so no status goes unseen.
   */
  readonly passedThrough: TenantView[] = [];

  clear(): void {
    this.passedThrough.length = 0;
    this.history.length = 0;
    this.notifications.length = 0;
    this.tenantIds.clear();
    this.operationIds.clear();
  }
}

export interface FoldSources {
  /** An operation the views do not hold (not loaded, or evicted): null when there is none. */
  operation(id: string): Promise<OperationView | null>;
  /** Fills a revision gap from the event store; without it, a gap is passed over as before. */
  loadTenantEvents?: TenantEventsLoader;
}

/**
 * Applies `streamed`, after the revisions of its tenant that are missing before it: the
 * relay may (rarely) publish a tenant's event after a later one, and an event applied
 * out of order would make its predecessor look already applied.
 *
 * Synchronous unless it has to read (a gap, an operation the views do not hold): await
 * what it returns. A replay folds every event of the stream, and a promise per event
 * costs more than the projection itself.
 */
export function foldStreamed(
  views: FoldViews,
  changes: FoldChanges,
  streamed: StreamedEvent,
  sources: FoldSources,
): void | Promise<void> {
  const tenantId = streamed.event.data.tenantId;
  const known = views.tenants.get(tenantId)?.version ?? -1;
  if (streamed.revision > known + 1 && sources.loadTenantEvents)
    return fillGapThenFold(views, changes, streamed, sources, known);
  return foldOne(views, changes, streamed, sources);
}

async function fillGapThenFold(
  views: FoldViews,
  changes: FoldChanges,
  streamed: StreamedEvent,
  sources: FoldSources,
  known: number,
) {
  const missing = (await sources.loadTenantEvents!(streamed.event.data.tenantId)).filter(
    (e) => e.revision > known && e.revision < streamed.revision,
  );
  for (const earlier of missing)
    await foldOne(views, changes, { ...earlier, streamSequence: streamed.streamSequence }, sources);
  await foldOne(views, changes, streamed, sources);
}

function foldOne(
  views: FoldViews,
  changes: FoldChanges,
  streamed: StreamedEvent,
  sources: FoldSources,
): void | Promise<void> {
  // Two guards: the tenant's version (revision ≤ version: applied, see project) and the event id in the history.
  if (views.recordedEventIds.has(streamed.eventId)) return;
  const { event } = streamed;
  // Its operation is a new one, queued by the event itself (see projection.ts): the current one is not read.
  if (opensOperation(event.type)) return applyProjection(views, changes, streamed, null);
  const operation = views.operations.get(event.data.operationId);
  if (operation) return applyProjection(views, changes, streamed, operation);
  return sources.operation(event.data.operationId).then((stored) => applyProjection(views, changes, streamed, stored));
}

function applyProjection(
  views: FoldViews,
  changes: FoldChanges,
  streamed: StreamedEvent,
  operation: OperationView | null,
): void {
  const { event, revision, eventId } = streamed;
  const outcome = project({ tenant: views.tenants.get(event.data.tenantId) ?? null, operation }, event, revision);
  if (outcome.kind === 'skipped') return;
  const next = outcome.projection;
  const previous = views.tenants.get(next.tenant.id);
  if (previous && changes.tenantIds.has(previous.id) && previous.status !== next.tenant.status)
    changes.passedThrough.push(previous);
  views.recordedEventIds.add(eventId);
  views.tenants.set(next.tenant.id, next.tenant);
  changes.tenantIds.add(next.tenant.id);
  if (next.operation) {
    views.operations.set(next.operation.id, next.operation);
    changes.operationIds.add(next.operation.id);
  }
  changes.history.push({
    tenantId: next.tenant.id,
    version: revision,
    eventId,
    type: event.type,
    occurredAt: next.history.occurredAt,
    data: next.history.data,
    streamSequence: streamed.streamSequence,
  });
  for (const { notification, keySuffix } of next.notifications)
    changes.notifications.push({ ...notification, eventId: `${eventId}${keySuffix}` });
}
