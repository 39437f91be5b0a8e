/**
 * The views a leading projector committed last, kept in memory so that a batch about
 * tenants it already knows needs no read before its writes: one round trip instead of two
 * on the path of every notification.
 */
import { opensOperation } from '@tenantry/tenant-domain';
import type { OperationView, TenantView } from '../ports';
import type { BatchViews } from '../tables/view-reads';
import type { StreamedEvent } from './streamed-event';

/** How many tenants and operations are held at most; the least recently used go first. */
export const HELD_VIEWS_LIMIT = 10_000;

/**
 * Valid only while one lease is held and every write of the read model is this projector's:
 * the projector makes one per lease, `forget`s it when a batch fails (its commit may or may
 * not have happened) and `remember`s what each committed batch wrote. The rebuild refuses
 * to run while a projector holds the lock, and nothing else writes these tables.
 *
 * Batches commit without waiting for the WAL flush, so a PostgreSQL crash can take back what
 * was remembered. A crash also ends the lease's session, and every later batch's fence then
 * refuses (and `forget`s): a batch whose fence passes follows only commits that stood.
 */
export class HeldViews {
  private checkpoint: number | undefined;
  private readonly tenants = new Map<string, TenantView>();
  private readonly operations = new Map<string, OperationView>();

  constructor(private readonly limit = HELD_VIEWS_LIMIT) {}

  /**
   * The views `events` need, as committed, when every one of them is held: the checkpoint,
   * each tenant named, and each operation named that the batch does not open itself.
   * Undefined otherwise (the batch reads them). Event ids are not held: for a held tenant
   * its version already tells an applied event (the first of the fold's two guards).
   */
  viewsFor(events: readonly StreamedEvent[]): BatchViews | undefined {
    if (this.checkpoint === undefined) return undefined;
    const tenants = new Map<string, TenantView>();
    const operations = new Map<string, OperationView>();
    const opened = new Set(events.filter((e) => opensOperation(e.event.type)).map((e) => e.event.data.operationId));
    for (const { event } of events) {
      const tenant = this.tenants.get(event.data.tenantId);
      if (!tenant) return undefined;
      tenants.set(tenant.id, tenant);
      const operationId = event.data.operationId;
      if (opened.has(operationId)) continue;
      const operation = this.operations.get(operationId);
      if (!operation) return undefined;
      operations.set(operationId, operation);
    }
    for (const id of tenants.keys()) touch(this.tenants, id);
    for (const id of operations.keys()) touch(this.operations, id);
    return { checkpoint: this.checkpoint, tenants, operations, recordedEventIds: new Set() };
  }

  /** What a committed batch left in the tables: its checkpoint and the views it read or wrote. */
  remember(checkpoint: number, views: Pick<BatchViews, 'tenants' | 'operations'>): void {
    this.checkpoint = checkpoint;
    for (const [id, tenant] of views.tenants) put(this.tenants, id, tenant, this.limit);
    for (const [id, operation] of views.operations) put(this.operations, id, operation, this.limit);
  }

  /** After a failed batch: whether it committed is unknown, so nothing held can be trusted. */
  forget(): void {
    this.checkpoint = undefined;
    this.tenants.clear();
    this.operations.clear();
  }
}

function touch<V>(map: Map<string, V>, key: string): void {
  const value = map.get(key);
  if (value === undefined) return;
  map.delete(key);
  map.set(key, value);
}

function put<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value!);
}
