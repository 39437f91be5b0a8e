import type { Announcement } from './announcement';
import { cursorAfter } from '@tenantry/read-model';
import type { NotificationScope, NotificationView } from '@tenantry/read-model';

/** What a feed does with an announcement: pass it over, hand it to the client as is, or read the table. */
export type FeedStep = { kind: 'skip' } | { kind: 'deliver'; notification: NotificationView } | { kind: 'read' };

const SKIP: FeedStep = { kind: 'skip' };
const READ: FeedStep = { kind: 'read' };

/**
 * `last`: the feed has delivered everything of its scope up to this cursor and nothing
 * after it (undefined: nothing yet, and the scope had nothing when it started).
 *
 * A MINE feed delivers an announcement as is when no notification of its user can lie
 * between `last` and it: its user's previous one is at or before `last` (or it has
 * none). Anything else (a lost announcement, another user's, an unreadable message)
 * is read from the table. ALL feeds always read: a recipient's previous cursor says
 * nothing of other recipients' notifications in between.
 */
export function feedStep(announcement: Announcement, last: string | undefined, scope: NotificationScope): FeedStep {
  if (announcement.kind === 'unknown') return READ;
  const { notification, previousCursor } = announcement;
  if (!cursorAfter(notification.cursor, last)) return SKIP;
  if (scope.kind === 'ALL' || notification.recipientId !== scope.recipient) return READ;
  if (previousCursor === null || !cursorAfter(previousCursor, last)) return { kind: 'deliver', notification };
  return READ;
}
