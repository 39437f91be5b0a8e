import { raw } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsNames } from '@tenantry/messaging';
import type { NatsConnection } from 'nats';
import { OperationEntity, TenantEntity, TenantEventEntity } from '../tables/entities';
import type {
  NotificationScope,
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
import { operationFromRow, tenantEventFromRow, tenantFromRow } from '../tables/rows';
import { latestNotificationCursor, notificationsAfter } from '../tables/notification-reads';
import type { SqlClient } from '@tenantry/postgres';
import { loadTenants } from '../tables/view-reads';

/**
 * ReadModelQueries over the read-model tables. Every call uses a fresh EntityManager
 * fork: nothing is cached between requests.
 */
export class SqlReadModelQueries implements ReadModelQueries {
  constructor(
    private readonly orm: MikroORM,
    /** The hot reads (every request's tenant, every feed's page) skip the ORM. */
    private readonly sql: SqlClient,
    private readonly jetstream?: { nats: NatsConnection; names: NatsNames },
  ) {}

  private get em() {
    return this.orm.em.fork();
  }

  /** Oldest first. */
  async tenants(filter: { status?: TenantView['status'] } = {}): Promise<TenantView[]> {
    const rows = await this.em.find(TenantEntity, filter.status ? { status: filter.status } : {}, {
      orderBy: { createdAt: 'asc', id: 'asc' },
    });
    return rows.map(tenantFromRow);
  }

  async tenant(id: string): Promise<TenantView | null> {
    return (await loadTenants(this.sql, [id])).get(id) ?? null;
  }

  /** Newest first (a job dashboard). */
  async operations(filter: { status?: OperationStatus; tenantId?: string; first: number }): Promise<OperationView[]> {
    const where = {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.tenantId ? { tenantId: filter.tenantId } : {}),
    };
    const rows = await this.em.find(OperationEntity, where, {
      orderBy: { requestedAt: 'desc', id: 'desc' },
      limit: filter.first,
    });
    return rows.map(operationFromRow);
  }

  async operation(id: string): Promise<OperationView | null> {
    const row = await this.em.findOne(OperationEntity, { id });
    return row ? operationFromRow(row) : null;
  }

  /** Oldest first, like the history. */
  async operationsOfTenant(tenantId: string): Promise<OperationView[]> {
    const rows = await this.em.find(OperationEntity, { tenantId }, { orderBy: { requestedAt: 'asc', id: 'asc' } });
    return rows.map(operationFromRow);
  }

  /** In stream order. */
  async history(tenantId: string): Promise<TenantEventView[]> {
    const rows = await this.em.find(TenantEventEntity, { tenantId }, { orderBy: { version: 'asc' } });
    return rows.map(tenantEventFromRow);
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

  /**
   * Counts from the operations table. `redelivered` and `workers` come from the
   * provisioner's durable consumer: messages pending redelivery (num_redelivered) and
   * pull requests waiting (num_waiting, about one per idle or consuming worker); 0 when
   * JetStream is not reachable or the consumer does not exist yet.
   */
  async queueStats(): Promise<QueueStatsView> {
    const rows = await this.em
      .createQueryBuilder(OperationEntity)
      .select(['status', raw('count(*)::int as count')])
      .groupBy('status')
      .execute<Array<{ status: string; count: string | number }>>('all', false);
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
