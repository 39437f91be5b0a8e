import type { NatsNames } from '@tenantry/messaging';
import { SLUG_PATTERN } from '@tenantry/tenant-domain';
import type { NatsConnection, Subscription } from 'nats';
import { cursorAfter, parseCursor } from './cursor';
import { feedOf } from './live-feed';
import { decodeNotification, decodeTenantView } from './live-codec';
import { liveSubjects } from './live-subjects';
import { Announcements } from './announcements';
import type { LiveFeed, NotificationFeed, NotificationScope, NotificationView, TenantView } from './ports';
import type { SqlReadModelQueries } from './read-model-queries';

/**
 * Live notifications with resume. The rule, in the order it is kept:
 * 1. subscribe to the scope's NATS subject (announcements queue up) and wait until
 *    the server has the interest;
 * 2. replay the table after the cursor, in cursor order (without a cursor: start
 *    after the newest, or before the first announced, whichever is older);
 * 3. for each live message whose cursor is past the last one yielded, read the table
 *    after that cursor again and yield what it returns.
 * Anything committed before step 2 reads is replayed; anything committed later is
 * announced to the subscription of step 1. Reading the table on each announcement
 * (instead of trusting the message) also delivers a notification whose announcement
 * was lost, as soon as the next one arrives. Cursors only grow, so nothing repeats.
 */
export class NatsNotificationFeed implements NotificationFeed {
  private readonly open = new Set<LiveFeed<unknown>>();

  constructor(
    private readonly queries: SqlReadModelQueries,
    private readonly nats: NatsConnection,
    private readonly names: NatsNames,
    private readonly pageSize = 200,
  ) {}

  subscribe(scope: NotificationScope, after?: string): LiveFeed<NotificationView> {
    if (after !== undefined) parseCursor(after);
    const subjects = liveSubjects(this.names);
    const subject = scope.kind === 'MINE' ? subjects.notification(scope.userId) : subjects.allNotifications;
    const announcements = new Announcements();
    const subscription = this.nats.subscribe(subject, {
      callback: (error, message) => announcements.push(error ? undefined : announcedCursor(message.data)),
    });
    const interest = this.nats.flush();
    interest.catch(() => undefined);
    return this.track(this.notifications(announcements, interest, scope, after), () => {
      subscription.unsubscribe();
      announcements.close();
    });
  }

  tenantChanges(tenantId: string): LiveFeed<TenantView> {
    if (!SLUG_PATTERN.test(tenantId)) return feedOf((async function* () {})(), () => undefined);
    const subscription = this.nats.subscribe(liveSubjects(this.names).tenantChange(tenantId));
    return this.track(tenantViews(subscription), () => subscription.unsubscribe());
  }

  /** Ends every open feed (their iterations finish); the read side does this before it closes. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((feed) => feed.close()));
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
  ): AsyncGenerator<NotificationView, void, undefined> {
    try {
      await interest;
      let last = after ?? (await this.startingPoint(scope, announcements));
      const catchUp = async function* (this: NatsNotificationFeed) {
        for (;;) {
          const page = await this.queries.notifications(scope, { after: last, first: this.pageSize });
          for (const notification of page) {
            last = notification.cursor;
            yield notification;
          }
          if (page.length < this.pageSize) return;
        }
      }.bind(this);
      yield* catchUp();
      for (;;) {
        const announced = await announcements.next();
        if (announced === null) return;
        if (announced !== undefined && !cursorAfter(announced, last)) continue;
        yield* catchUp();
      }
    } finally {
      announcements.close();
    }
  }

  /**
   * Without a cursor the feed starts now: after the newest notification in the table,
   * or just before the first one announced since subscribing if that one is older
   * (committed while the newest was being read).
   */
  private async startingPoint(scope: NotificationScope, announcements: Announcements): Promise<string | undefined> {
    const latest = await this.queries.latestCursor(scope);
    const first = announcements.first;
    if (first === undefined || (latest !== undefined && BigInt(first) > BigInt(latest))) return latest;
    return (BigInt(first) - 1n).toString();
  }
}

async function* tenantViews(subscription: Subscription): AsyncGenerator<TenantView, void, undefined> {
  let version = -1;
  try {
    for await (const message of subscription) {
      const view = decodeOrUndefined(() => decodeTenantView(message.data));
      if (!view || view.version <= version) continue;
      version = view.version;
      yield view;
    }
  } finally {
    subscription.unsubscribe();
  }
}

/** The cursor a live message announces; undefined when unreadable (then the table is read anyway). */
function announcedCursor(data: Uint8Array): string | undefined {
  const cursor = decodeOrUndefined(() => decodeNotification(data).cursor);
  return cursor !== undefined && /^\d+$/.test(cursor) ? cursor : undefined;
}

function decodeOrUndefined<T>(decode: () => T): T | undefined {
  try {
    return decode();
  } catch {
    return undefined;
  }
}
