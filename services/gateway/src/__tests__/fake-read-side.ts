import type {
  NotificationScope,
  NotificationView,
  OperationView,
  ReadModelQueries,
  TenantView,
} from '@tenantry/read-model';
import type { LiveFeed, NotificationFeed } from '../live/ports';
import { ALWAYS_FRESH, decodePageCursor, encodePageCursor } from '@tenantry/read-model';
import { profileViewOf } from '@tenantry/tenant-domain';

const EMPTY_PAGE = { edges: [], hasNextPage: false };

/** Newest first, as the SQL pages: the key is the creation time in µs, then the id. */
function tenantsPageOf(tenants: TenantView[], first: number, after: string | undefined) {
  const keyOf = (t: TenantView) => ({ at: String(t.createdAt.getTime() * 1000), id: t.id });
  const before = (a: { at: string; id: string }, b: { at: string; id: string }) =>
    BigInt(a.at) < BigInt(b.at) || (a.at === b.at && a.id < b.id);
  const cursor = after === undefined ? undefined : decodePageCursor('tenants', after);
  const sorted = tenants
    .filter((t) => !cursor || before(keyOf(t), cursor))
    .sort((a, b) => (before(keyOf(a), keyOf(b)) ? 1 : -1));
  return {
    edges: sorted.slice(0, first).map((node) => ({ cursor: encodePageCursor('tenants', keyOf(node)), node })),
    hasNextPage: sorted.length > first,
  };
}

export const tenantView = (id: string, overrides: Partial<TenantView> = {}): TenantView => ({
  id,
  ...profileViewOf({ name: id.toUpperCase() }),
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
    tenantsPage: async (filter, page) => tenantsPageOf(this.matching(filter), page.first, page.after),
    countTenants: async (filter) => this.matching(filter).length,
    operationsPage: async () => EMPTY_PAGE,
    countOperations: async () => 0,
    historyPage: async () => EMPTY_PAGE,
    countHistory: async () => 0,
    operations: async () => [] as OperationView[],
    operation: async () => null,
    operationsOfTenant: async () => [],
    history: async () => [],
    notifications: async (scope) =>
      this.notificationList.filter((n) => scope.kind === 'ALL' || n.recipientId === scope.recipient),
    queueStats: async () => ({ queued: 0, running: 0, succeeded: 0, failed: 0, redelivered: 0, workers: 0 }),
  };

  private matching(filter: { status?: string; search?: string; id?: string }): TenantView[] {
    const search = filter.search?.trim().toLowerCase();
    return [...this.tenantsById.values()].filter(
      (t) =>
        (!filter.status || t.status === filter.status) &&
        (filter.id === undefined || t.id === filter.id) &&
        (!search || t.id.startsWith(search) || t.name.toLowerCase().startsWith(search)),
    );
  }

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
