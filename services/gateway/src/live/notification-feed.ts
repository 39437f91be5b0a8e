import type { NatsNames } from '@tenantry/messaging';
import { SLUG_PATTERN } from '@tenantry/tenant-domain';
import type { NatsConnection } from 'nats';
import { parseCursor } from '@tenantry/read-model';
import { feedOf } from './live-feed';
import { liveSubjects } from '@tenantry/read-model';
import { Announcements, DEFAULT_ANNOUNCEMENT_CAPACITY } from './announcements';
import { AnnouncementFanout } from './announcement-fanout';
import { feedStep } from './feed-step';
import { SharedReads } from './shared-reads';
import { sweepLostAnnouncements } from './lost-announcement-sweep';
import type { PeriodicTask } from './periodic-task';
import { TenantViewFeeds } from './tenant-view-feeds';
import type { NotificationScope, NotificationView, TenantView } from '@tenantry/read-model';
import type { LiveFeed, NotificationFeed } from './ports';
import type { SqlReadModelQueries, StoredNotification } from '@tenantry/read-model';

/** A committed batch as the projector announces it. */
export interface CommittedHere {
  notifications: readonly StoredNotification[];
  tenantViews: readonly TenantView[];
}

/**
 * Live notifications with resume. The rule, in the order it is kept:
 * 1. listen to the scope's NATS subject (announcements queue up) and wait until the
 *    server has the interest; a process has one subscription per subject, shared by
 *    every feed that follows it (AnnouncementFanout);
 * 2. replay the table after the cursor, in cursor order (without a cursor: nothing
 *    to replay; start after the newest, or just before the first announced if that
 *    one is older);
 * 3. for each announcement past the last cursor yielded: yield it as announced when
 *    its recipient's previous notification is at or before that cursor (nothing can be
 *    missing in between), else read the table after that cursor (feedStep), in one
 *    query for all the feeds of the process that need the same page (SharedReads).
 * Anything committed before step 2 reads is replayed; anything committed later is
 * announced to the subscription of step 1. A lost announcement shows as a gap at the
 * next one, which then reads the table; a lost last one, at the next sweep
 * (sweepLostAnnouncements, every few seconds). Cursors only grow, so nothing repeats.
 */
export class NatsNotificationFeed implements NotificationFeed {
  private readonly open = new Set<LiveFeed<unknown>>();
  private readonly fanout: AnnouncementFanout;
  private readonly reads: SharedReads;
  private readonly sweep: PeriodicTask;
  private readonly tenantViews: TenantViewFeeds;

  constructor(
    private readonly queries: SqlReadModelQueries,
    private readonly nats: NatsConnection,
    private readonly names: NatsNames,
    private readonly pageSize = 200,
    /** Announcements kept for a feed whose consumer does not read (see Announcements). */
    private readonly announcementCapacity = DEFAULT_ANNOUNCEMENT_CAPACITY,
    /** How often the sweep looks for lost announcements (DEFAULT_SWEEP_MS). */
    sweepMs?: number,
  ) {
    this.fanout = new AnnouncementFanout(nats);
    this.reads = new SharedReads(
      (scope, options) => queries.notifications(scope, options),
      () => this.fanout.received,
    );
    this.sweep = sweepLostAnnouncements({
      followed: () => this.fanout.followed(),
      latestCursors: (scopes) => queries.latestCursors(scopes),
      announcementLost: ({ subject, latest }) => this.fanout.announcementLost(subject, latest),
      intervalMs: sweepMs,
    });
    this.tenantViews = new TenantViewFeeds({
      nats,
      subjectOf: (tenantId) => liveSubjects(names).tenantChange(tenantId),
      loadViews: (ids) => queries.tenantsByIds(ids),
      sweepMs,
    });
  }

  subscribe(scope: NotificationScope, after?: string): LiveFeed<NotificationView> {
    if (after !== undefined) parseCursor(after);
    const subjects = liveSubjects(this.names);
    const subject = scope.kind === 'MINE' ? subjects.notification(scope.recipient) : subjects.allNotifications;
    const announcements = new Announcements(this.announcementCapacity);
    const listening = this.fanout.listen(subject, scope, (announcement, received) =>
      announcements.push(announcement, received),
    );
    const stop = () => {
      listening.stop();
      announcements.close();
    };
    return this.track(this.notifications(announcements, listening.interest, scope, after, stop), stop);
  }

  /**
   * What the projector of this process has just committed: its notifications (in cursor
   * order) and tenant views (as announced), which the feeds here take without the round
   * trip through NATS that other gateways' take.
   */
  committedHere({ notifications, tenantViews }: CommittedHere): void {
    const subjects = liveSubjects(this.names);
    for (const notification of notifications)
      this.fanout.committedHere(
        [subjects.notification(notification.recipientId), subjects.allNotifications],
        notification,
      );
    this.tenantViews.committedHere(tenantViews);
  }

  /** NATS subscriptions open for notification feeds: one per followed subject, not per feed. */
  get notificationSubscriptions(): number {
    return this.fanout.subscriptionCount;
  }

  tenantChanges(tenantId: string): LiveFeed<TenantView> {
    if (!SLUG_PATTERN.test(tenantId)) return feedOf((async function* () {})(), () => undefined);
    const { views, stop } = this.tenantViews.follow(tenantId);
    return this.track(views, stop);
  }

  /** Ends every open feed (their iterations finish); the read side does this before it closes. */
  async closeAll(): Promise<void> {
    await Promise.all([this.sweep.stop(), this.tenantViews.close()]);
    await Promise.all([...this.open].map((feed) => feed.close()));
    this.fanout.close();
  }

  /** A feed that unsubscribes when closed and is listed as open until it closes or ends. */
  private track<T>(source: AsyncGenerator<T, void, undefined>, unsubscribe: () => void): LiveFeed<T> {
    const open = this.open;
    // Assigned before the generator can run: its body starts on the first next().
    let feed: LiveFeed<T> | undefined = undefined;
    feed = feedOf(
      (async function* () {
        try {
          yield* source;
        } finally {
          if (feed) open.delete(feed);
        }
      })(),
      () => {
        unsubscribe();
        if (feed) open.delete(feed);
      },
    );
    open.add(feed);
    return feed;
  }

  private async *notifications(
    announcements: Announcements,
    interest: Promise<void>,
    scope: NotificationScope,
    after: string | undefined,
    stop: () => void,
  ): AsyncGenerator<NotificationView, void, undefined> {
    try {
      await interest;
      const resuming = after !== undefined;
      let last = resuming ? after : await this.startingPoint(scope, announcements);
      /** Reads the table after `last`; `received`: when the announcement that asks for it arrived. */
      const catchUp = async function* (this: NatsNotificationFeed, received: number) {
        for (;;) {
          const page = await this.reads.page(scope, last, this.pageSize, received);
          for (const notification of page) {
            last = notification.cursor;
            yield notification;
          }
          if (page.length < this.pageSize) return;
        }
      }.bind(this);
      if (resuming) yield* catchUp(Number.POSITIVE_INFINITY);
      for (;;) {
        const next = await announcements.next();
        if (next === null) return;
        const step = feedStep(next.announcement, last, scope);
        if (step.kind === 'deliver') {
          last = step.notification.cursor;
          yield step.notification;
        } else if (step.kind === 'read') {
          yield* catchUp(next.received);
        }
      }
    } finally {
      stop();
    }
  }

  /**
   * Without a cursor the feed starts now: after the newest notification in the table; or,
   * when one announced since subscribing is not newer (it was committed while the newest
   * was being read), just before it. Either way nothing is replayed: everything committed
   * after the interest is queued as announced, and an announcement whose recipient's
   * previous notification lies past the starting point (a lost one) makes the feed read.
   */
  private async startingPoint(scope: NotificationScope, announcements: Announcements): Promise<string | undefined> {
    const latest = await this.queries.latestCursor(scope);
    const first = announcements.first;
    if (first !== undefined && (latest === undefined || BigInt(first) <= BigInt(latest)))
      return (BigInt(first) - 1n).toString();
    return latest;
  }
}
