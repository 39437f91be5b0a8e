/** What the GraphQL/WebSocket edge needs from the live fan-out (notification-feed.ts). */
import type { NotificationScope, NotificationView, TenantView } from '@tenantry/read-model';

export interface LiveFeed<T> extends AsyncIterable<T> {
  close(): Promise<void>;
}

export interface NotificationFeed {
  /**
   * Replays what the scope has after `after` (in order), then continues live:
   * no gap, no duplicate, also when notifications are committed while it replays.
   * Without `after` it starts live, from the newest notification committed when it
   * subscribes. Throws InvalidCursor (code INVALID_CURSOR) for a malformed cursor.
   */
  subscribe(scope: NotificationScope, after?: string): LiveFeed<NotificationView>;
  /** The tenant's view after every change the projector commits. */
  tenantChanges(tenantId: string): LiveFeed<TenantView>;
}
