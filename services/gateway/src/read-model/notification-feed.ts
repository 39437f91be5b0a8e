import type { NatsNames } from '@tenantry/messaging';
import { SLUG_PATTERN } from '@tenantry/tenant-domain';
import type { NatsConnection, Subscription } from 'nats';
import { cursorAfter, parseCursor } from './cursor';
import { feedOf } from './live-feed';
import { decodeNotification, decodeTenantView } from './live-codec';
import { liveSubjects } from './live-subjects';
import type { LiveFeed, NotificationFeed, NotificationScope, NotificationView, TenantView } from './ports';
import type { SqlReadModelQueries } from './read-model-queries';

/**
 * Live notifications with resume. The rule, in the order it is kept:
 * 1. subscribe to the scope's NATS subject and wait until the server has the interest;
 * 2. replay the table after the cursor, in cursor order;
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
    const subscription = this.nats.subscribe(subject);
    const interest = this.nats.flush();
    interest.catch(() => undefined);
    return this.track(this.notifications(subscription, interest, scope, after), subscription);
  }

  tenantChanges(tenantId: string): LiveFeed<TenantView> {
    if (!SLUG_PATTERN.test(tenantId)) return feedOf((async function* () {})(), () => undefined);
    const subscription = this.nats.subscribe(liveSubjects(this.names).tenantChange(tenantId));
    return this.track(tenantViews(subscription), subscription);
  }

  /** Ends every open feed (their iterations finish); the read side does this before it closes. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((feed) => feed.close()));
  }

  /** A feed that unsubscribes when closed and is listed as open until it closes or ends. */
  private track<T>(source: AsyncGenerator<T, void, undefined>, subscription: Subscription): LiveFeed<T> {
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
        subscription.unsubscribe();
        if (feed) open.delete(feed);
      },
    );
    open.add(feed);
    return feed;
  }

  private async *notifications(
    subscription: Subscription,
    interest: Promise<void>,
    scope: NotificationScope,
    after: string | undefined,
  ): AsyncGenerator<NotificationView, void, undefined> {
    try {
      await interest;
      // Without a cursor the feed starts now: what is already in the table is not replayed.
      let last = after ?? (await this.queries.latestCursor(scope));
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
      for await (const message of subscription) {
        const announced = announcedCursor(message.data);
        if (announced !== undefined && !cursorAfter(announced, last)) continue;
        yield* catchUp();
      }
    } finally {
      subscription.unsubscribe();
    }
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
