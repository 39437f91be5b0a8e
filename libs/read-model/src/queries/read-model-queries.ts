import type { NatsNames } from '@tenantry/messaging';
import type { SqlClient } from '@tenantry/postgres';
import type { NatsConnection } from 'nats';
import type {
  NotificationScope,
  OperationFilter,
  Page,
  PageRequest,
  TenantFilter,
  NotificationView,
  OperationStatus,
  OperationView,
  QueueStatsView,
  ReadModelQueries,
  TenantEventView,
  TenantView,
} from '../ports';
import { consumerInfo } from '../projection/projector-consumer';
import { parseCursor } from './cursor';
import { latestNotificationCursor, latestNotificationCursors, notificationsAfter } from '../tables/notification-reads';
import { OPERATIONS, operationFromRow } from '../tables/operations';
import { TENANT_EVENTS, tenantEventFromRow } from '../tables/tenant-events';
import { TENANTS, tenantFromRow } from '../tables/tenants';
import { loadOperations, loadTenants } from '../tables/view-reads';
import * as pages from './pages';

/**
 * The plain lists (deprecated in the API for the paged ones) hold at most this many
 * items: the newest, in their historical oldest-first order. Beyond it a list is a
 * page's work, and a response of 100,000 tenants helps no one.
 */
export const PLAIN_LIST_CAP = 1_000;

/** A filter's conditions and their values, numbered from $1. */
function where(conditions: Record<string, unknown>): { clause: string; values: unknown[] } {
  const values: unknown[] = [];
  const parts = Object.entries(conditions)
    .filter(([, value]) => value !== undefined)
    .map(([column, value]) => `"${column}" = $${values.push(value)}`);
  return { clause: parts.length > 0 ? `where ${parts.join(' and ')}` : '', values };
}

/**
 * ReadModelQueries over the read-model tables, in plain SQL: every read selects a table's
 * declared columns (tables/) and maps its rows the same way. Nothing is cached between requests.
 */
export class SqlReadModelQueries implements ReadModelQueries {
  constructor(
    private readonly sql: SqlClient,
    private readonly jetstream?: { nats: NatsConnection; names: NatsNames },
  ) {}

  /** The newest PLAIN_LIST_CAP, oldest first. */
  async tenants(filter: { status?: TenantView['status'] } = {}): Promise<TenantView[]> {
    const { clause, values } = where({ status: filter.status || undefined });
    const { rows } = await this.sql.query(
      `select * from (select ${TENANTS.selectList} from ${TENANTS.sqlName} ${clause}
         order by "created_at" desc, "id" desc limit ${PLAIN_LIST_CAP}) newest
       order by "createdAt" asc, "id" asc`,
      values,
    );
    return rows.map((row) => tenantFromRow(TENANTS.rowOf(row)));
  }

  tenantsPage(filter: TenantFilter, page: PageRequest): Promise<Page<TenantView>> {
    return pages.tenantsPage(this.sql, filter, page);
  }

  countTenants(filter: TenantFilter): Promise<number> {
    return pages.countTenants(this.sql, filter);
  }

  operationsPage(filter: OperationFilter, page: PageRequest): Promise<Page<OperationView>> {
    return pages.operationsPage(this.sql, filter, page);
  }

  countOperations(filter: OperationFilter): Promise<number> {
    return pages.countOperations(this.sql, filter);
  }

  historyPage(tenantId: string, page: PageRequest): Promise<Page<TenantEventView>> {
    return pages.historyPage(this.sql, tenantId, page);
  }

  countHistory(tenantId: string): Promise<number> {
    return pages.countHistory(this.sql, tenantId);
  }

  async tenant(id: string): Promise<TenantView | null> {
    return (await loadTenants(this.sql, [id])).get(id) ?? null;
  }

  /** The views of the tenants of `ids` that exist, by id, in one query. */
  tenantsByIds(ids: readonly string[]): Promise<Map<string, TenantView>> {
    return loadTenants(this.sql, ids);
  }

  /** Newest first (a job dashboard). */
  async operations(filter: { status?: OperationStatus; tenantId?: string; first: number }): Promise<OperationView[]> {
    const { clause, values } = where({ status: filter.status || undefined, tenant_id: filter.tenantId || undefined });
    const { rows } = await this.sql.query(
      `select ${OPERATIONS.selectList} from ${OPERATIONS.sqlName} ${clause}
       order by "requested_at" desc, "id" desc limit $${values.push(filter.first)}`,
      values,
    );
    return rows.map((row) => operationFromRow(OPERATIONS.rowOf(row)));
  }

  async operation(id: string): Promise<OperationView | null> {
    return (await loadOperations(this.sql, [id])).get(id) ?? null;
  }

  /** The newest PLAIN_LIST_CAP, oldest first, like the history. */
  async operationsOfTenant(tenantId: string): Promise<OperationView[]> {
    const { rows } = await this.sql.query(
      `select * from (select ${OPERATIONS.selectList} from ${OPERATIONS.sqlName} where "tenant_id" = $1
         order by "requested_at" desc, "id" desc limit ${PLAIN_LIST_CAP}) newest
       order by "requestedAt" asc, "id" asc`,
      [tenantId],
    );
    return rows.map((row) => operationFromRow(OPERATIONS.rowOf(row)));
  }

  /** The newest PLAIN_LIST_CAP events, in stream order. */
  async history(tenantId: string): Promise<TenantEventView[]> {
    const { rows } = await this.sql.query(
      `select * from (select ${TENANT_EVENTS.selectList} from ${TENANT_EVENTS.sqlName} where "tenant_id" = $1
         order by "version" desc limit ${PLAIN_LIST_CAP}) newest
       order by "version" asc`,
      [tenantId],
    );
    return rows.map((row) => tenantEventFromRow(TENANT_EVENTS.rowOf(row)));
  }

  /** In cursor order, after `after` (exclusive); MINE is the recipient's, ALL is every row. */
  async notifications(
    scope: NotificationScope,
    options: { after?: string; first: number },
  ): Promise<NotificationView[]> {
    return notificationsAfter(
      this.sql,
      scope,
      options.after === undefined ? undefined : parseCursor(options.after),
      options.first,
    );
  }

  /** The newest cursor in the scope, or undefined when it has none yet. */
  async latestCursor(scope: NotificationScope): Promise<string | undefined> {
    return latestNotificationCursor(this.sql, scope);
  }

  /** The newest cursor of each scope (undefined where it has none), in the order given, in one query. */
  async latestCursors(scopes: readonly NotificationScope[]): Promise<Array<string | undefined>> {
    return latestNotificationCursors(this.sql, scopes);
  }

  /**
   * Counts from the operations table. `redelivered` and `workers` come from the
   * provisioner's durable consumer: messages pending redelivery (num_redelivered) and
   * pull requests waiting (num_waiting, about one per idle or consuming worker); 0 when
   * JetStream is not reachable or the consumer does not exist yet.
   */
  async queueStats(): Promise<QueueStatsView> {
    const { rows } = await this.sql.query<{ status: string; count: number }>(
      `select "status", count(*)::int as "count" from ${OPERATIONS.sqlName} group by "status"`,
    );
    const count = (status: OperationStatus) => Number(rows.find((r) => r.status === status)?.count ?? 0);
    const consumer = await this.provisionerConsumer();
    return {
      queued: count('QUEUED'),
      running: count('RUNNING'),
      succeeded: count('SUCCEEDED'),
      failed: count('FAILED'),
      redelivered: consumer?.num_redelivered ?? 0,
      workers: consumer?.num_waiting ?? 0,
    };
  }

  private async provisionerConsumer() {
    if (!this.jetstream) return undefined;
    const { nats, names } = this.jetstream;
    try {
      const jsm = await nats.jetstreamManager({ timeout: 2000 });
      return await consumerInfo(jsm, names.stream, names.consumers.provisioner);
    } catch {
      return undefined;
    }
  }
}
