import { Principal, principalKeyOf } from '@tenantry/auth';
import type { NotificationScope, NotificationView, ReadModelQueries, TenantView } from '@tenantry/read-model';
import type { LiveFeed, NotificationFeed } from '../live/ports';
import { isRootAdministrator, maySeeTenant } from '../auth';
import { Forbidden } from '../errors';

export type ScopeName = 'MINE' | 'ALL';

export const ALL_IS_FOR_ROOT = 'Only root administrators can follow ALL notifications';

/** MINE is what the caller (tenant and user, never a bare user id) initiated; ALL is refused to anyone but a root administrator, never narrowed. */
export function scopeFor(by: Principal, scope: ScopeName = 'MINE'): NotificationScope {
  if (scope === 'MINE') return { kind: 'MINE', recipient: principalKeyOf(by) };
  if (!isRootAdministrator(by)) throw new Forbidden(ALL_IS_FOR_ROOT);
  return { kind: 'ALL' };
}

export interface Notifications {
  list(by: Principal, options: { after?: string; first: number; scope?: ScopeName }): Promise<NotificationView[]>;
  follow(by: Principal, options: { after?: string; scope?: ScopeName }): Promise<LiveFeed<NotificationView>>;
  followTenant(by: Principal, tenantId: string): LiveFeed<TenantView>;
}

export interface NotificationsOptions {
  /** The opt-in: a MINE feed of a user who receives everything is ALL. */
  receivesAll?: (by: Principal) => Promise<boolean>;
  /** Told of each notification a subscription pushes that occurred while it was open (not a replay). */
  onPushed?: (notification: NotificationView) => void;
}

export function createNotifications(
  queries: ReadModelQueries,
  feed: NotificationFeed,
  options: NotificationsOptions = {},
): Notifications {
  const resolveScope = async (by: Principal, scope: ScopeName = 'MINE'): Promise<NotificationScope> =>
    scope === 'MINE' && (await options.receivesAll?.(by)) ? { kind: 'ALL' } : scopeFor(by, scope);
  return {
    list: async (by, { after, first, scope }) => queries.notifications(await resolveScope(by, scope), { after, first }),
    async follow(by, { after, scope }) {
      const followed = feed.subscribe(await resolveScope(by, scope), after);
      return options.onPushed ? observed(followed, options.onPushed) : followed;
    },
    followTenant(by, tenantId) {
      if (!maySeeTenant(by, tenantId)) throw new Forbidden('You can only follow your own tenant');
      return feed.tenantChanges(tenantId);
    },
  };
}

/** The feed as it is, telling `onPushed` of what occurred after it opened (replays would only measure downtime). */
function observed(
  feed: LiveFeed<NotificationView>,
  onPushed: (notification: NotificationView) => void,
): LiveFeed<NotificationView> {
  const openedAt = Date.now();
  return {
    close: () => feed.close(),
    [Symbol.asyncIterator]() {
      const inner = feed[Symbol.asyncIterator]();
      return {
        async next() {
          const result = await inner.next();
          if (!result.done && result.value.occurredAt.getTime() >= openedAt) onPushed(result.value);
          return result;
        },
        return: async () => {
          await feed.close();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
