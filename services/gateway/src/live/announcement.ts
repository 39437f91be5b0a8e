import type { NotificationView } from '@tenantry/read-model';

/**
 * What a feed learns from its NATS subject: a committed notification with the cursor
 * of its recipient's notification right before it, or only that something may have
 * been committed (an unreadable message, a reconnection that may have lost some).
 */
export type Announcement =
  { kind: 'committed'; notification: NotificationView; previousCursor: string | null } | { kind: 'unknown' };

export const UNKNOWN: Announcement = { kind: 'unknown' };
