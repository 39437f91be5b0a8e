import type { Principal } from '@tenantry/auth';
import type {
  LiveFeed, NotificationFeed, NotificationScope, NotificationView, ReadModelQueries, TenantView,
} from '../read-model/ports';
import { isRootAdministrator, maySeeTenant } from '../auth';
import { Forbidden } from '../errors';

export type ScopeName = 'MINE' | 'ALL';

export const ALL_IS_FOR_ROOT = 'Only root administrators can follow ALL notifications';

/** MINE is what the caller initiated; ALL is refused to anyone but a root administrator, never narrowed. */
export function scopeFor(by: Principal, scope: ScopeName = 'MINE'): NotificationScope {
  if (scope === 'MINE') return { kind: 'MINE', userId: by.userId };
  if (!isRootAdministrator(by)) throw new Forbidden(ALL_IS_FOR_ROOT);
  return { kind: 'ALL' };
}

export interface Notifications {
  list(by: Principal, options: { after?: string; first: number; scope?: ScopeName }): Promise<NotificationView[]>;
  follow(by: Principal, options: { after?: string; scope?: ScopeName }): LiveFeed<NotificationView>;
  followTenant(by: Principal, tenantId: string): LiveFeed<TenantView>;
}

export function createNotifications(queries: ReadModelQueries, feed: NotificationFeed): Notifications {
  return {
    list: (by, { after, first, scope }) => queries.notifications(scopeFor(by, scope), { after, first }),
    follow: (by, { after, scope }) => feed.subscribe(scopeFor(by, scope), after),
    followTenant(by, tenantId) {
      if (!maySeeTenant(by, tenantId)) throw new Forbidden('You can only follow your own tenant');
      return feed.tenantChanges(tenantId);
    },
  };
}
