import { cursorAfter } from '@tenantry/read-model';
import type { NotificationScope } from '@tenantry/read-model';
import type { FollowedSubject } from './announcement-fanout';
import { periodically, type PeriodicTask } from './periodic-task';

/** How often a gateway looks for notifications whose announcement never reached it. */
export const DEFAULT_SWEEP_MS = 5_000;

/** A followed subject whose newest committed cursor is past the highest announced on it. */
export interface LostAnnouncement {
  subject: string;
  latest: string;
}

/**
 * Which followed subjects lost an announcement: those whose newest committed cursor
 * (`latest`, in the same order; undefined where the scope has none) is past the highest
 * announced on them. One just committed whose announcement is still on its way counts
 * too: its feeds then read it from the table, and skip the announcement when it comes.
 */
export function lostAnnouncements(
  followed: ReadonlyArray<Pick<FollowedSubject, 'subject' | 'highest'>>,
  latest: ReadonlyArray<string | undefined>,
): LostAnnouncement[] {
  return followed.flatMap(({ subject, highest }, index) => {
    const newest = latest[index];
    return newest !== undefined && cursorAfter(newest, highest) ? [{ subject, latest: newest }] : [];
  });
}

export interface LostAnnouncementSweepOptions {
  /** The subjects this process follows now, each with its scope and the highest cursor announced on it. */
  followed(): FollowedSubject[];
  /** The newest cursor of each scope, in the order given (one query). */
  latestCursors(scopes: readonly NotificationScope[]): Promise<Array<string | undefined>>;
  /** Tells the subject's feeds to read the table. */
  announcementLost(lost: LostAnnouncement): void;
  intervalMs?: number;
}

/**
 * Core NATS drops an announcement now and then: while a publisher's server has not yet
 * learnt of a subscriber's interest (a node just restarted, a route being rebuilt), or on
 * a slow consumer. A feed notices a lost announcement at the next one of its user, as a
 * gap; but when the lost one was the user's last, nothing would come after it. So every
 * `intervalMs` one query reads the newest cursor of every scope this process follows,
 * and the feeds of a scope with one newer than announced read the table: no notification
 * waits longer than that for its socket.
 */
export function sweepLostAnnouncements(options: LostAnnouncementSweepOptions): PeriodicTask {
  return periodically(options.intervalMs ?? DEFAULT_SWEEP_MS, async () => {
    const followed = options.followed();
    if (followed.length === 0) return;
    const latest = await options.latestCursors(followed.map(({ scope }) => scope));
    for (const lost of lostAnnouncements(followed, latest)) options.announcementLost(lost);
  });
}
