import type {
  NotificationScope,
  NotificationView,
  OperationView,
  ReadModelQueries,
  TenantView,
} from '@tenantry/read-model';
import type { LiveFeed, NotificationFeed } from '../live/ports';
import { ALWAYS_FRESH } from '@tenantry/read-model';

export const tenantView = (id: string, overrides: Partial<TenantView> = {}): TenantView => ({
  id,
  name: id.toUpperCase(),
  isActive: true,
  status: 'ACTIVE',
  provisioningError: null,
  lastProvisioningAttempt: null,
  adminEmail: `admin@${id}.test`,
  database: { mode: 'SHARED', name: `tenant_${id}`, host: null },
  databaseSecret: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  version: 3,
  currentOperationId: null,
  priority: 'NORMAL',
  statusBeforeOperation: null,
  ...overrides,
});

/** A live feed fed by hand. */
export class ManualFeed<T> implements LiveFeed<T> {
  private readonly queued: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  closed = false;
  push(item: T): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ done: false, value: item });
    } else this.queued.push(item);
  }
  async close(): Promise<void> {
    this.closed = true;
    this.waiting?.({ done: true, value: undefined });
    this.waiting = undefined;
  }
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.queued.length > 0) return Promise.resolve({ done: false, value: this.queued.shift()! });
        if (this.closed) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => (this.waiting = resolve));
      },
    };
  }
}

/** In-memory read side: tenants and notifications set by the test. */
export class FakeReadSide {
  readonly tenantsById = new Map<string, TenantView>();
  readonly notificationList: NotificationView[] = [];
  readonly feeds: { scope: NotificationScope; after?: string; feed: ManualFeed<NotificationView> }[] = [];
  readonly tenantFeeds: { tenantId: string; feed: ManualFeed<TenantView> }[] = [];

  constructor(tenants: TenantView[] = []) {
    for (const t of tenants) this.tenantsById.set(t.id, t);
  }

  readonly queries: ReadModelQueries = {
    tenants: async (filter) =>
      [...this.tenantsById.values()].filter((t) => !filter?.status || t.status === filter.status),
    tenant: async (id) => this.tenantsById.get(id) ?? null,
    operations: async () => [] as OperationView[],
    operation: async () => null,
    operationsOfTenant: async () => [],
    history: async () => [],
    notifications: async (scope) =>
      this.notificationList.filter((n) => scope.kind === 'ALL' || n.recipientId === scope.recipient),
    queueStats: async () => ({ queued: 0, running: 0, succeeded: 0, failed: 0, redelivered: 0, workers: 0 }),
  };

  readonly freshness = ALWAYS_FRESH;

  readonly feed: NotificationFeed = {
    subscribe: (scope, after) => {
      const feed = new ManualFeed<NotificationView>();
      this.feeds.push({ scope, after, feed });
      return feed;
    },
    tenantChanges: (tenantId) => {
      const feed = new ManualFeed<TenantView>();
      this.tenantFeeds.push({ tenantId, feed });
      return feed;
    },
  };
}
