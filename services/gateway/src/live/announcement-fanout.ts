import { Events, NatsConnection, Subscription } from 'nats';
import { Announcement, UNKNOWN } from './announcement';
import { cursorAfter, decodeNotification, type NotificationScope, type StoredNotification } from '@tenantry/read-model';

/** `received`: the fan-out's count of messages when this one arrived (see `received`). */
export type Listener = (announcement: Announcement, received: number) => void;

interface SharedSubject {
  subscription: Subscription;
  listeners: Set<Listener>;
  /** Settles once the server has the interest: whatever is committed later is announced here. */
  interest: Promise<void>;
  /** Whose notifications the subject carries. */
  scope: NotificationScope;
  /** The highest cursor announced on the subject since it is followed (or found lost by a sweep). */
  highest: string | undefined;
}

/** A subject followed by feeds of this process: whose notifications, and the highest cursor announced on it. */
export interface FollowedSubject {
  subject: string;
  scope: NotificationScope;
  highest: string | undefined;
}

/** Interest reaches every server of a healthy cluster within milliseconds; this leaves a wide margin. */
export const DEFAULT_SETTLE_MS = 2_000;

export interface Listening {
  interest: Promise<void>;
  /** Idempotent; the subject's NATS subscription ends with its last listener. */
  stop(): void;
}

/**
 * One NATS subscription per subject (a user's notifications, or everyone's) per
 * process, however many feeds follow it: each message is decoded once and handed, in
 * the order received, to every feed listening (reference counted, as yoga's
 * redis event target does per channel). After a reconnection, when announcements may
 * have been lost, every feed is told to read the table.
 *
 * In a NATS cluster, `flush` proves that this process's server has the interest, not yet
 * the other servers: a notification published through another server in the next moments
 * is dropped there (interest travels the routes asynchronously; a three-node cluster lost
 * one such message in seven in a probe). A lost announcement shows as a gap at the next
 * one, but the last one of a user would be lost for good. So once a subscription has the
 * interest, and after a reconnection (which subscribes again, maybe on another server),
 * its feeds are told once more to read the table, `settleMs` later.
 */
export class AnnouncementFanout {
  private readonly subjects = new Map<string, SharedSubject>();
  private statuses: (AsyncIterable<unknown> & { stop?: () => void }) | undefined;
  private count = 0;
  private readonly settling = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly nats: NatsConnection,
    /** How long interest may take to reach every server of the cluster, with a margin. */
    private readonly settleMs = DEFAULT_SETTLE_MS,
  ) {}

  /** `scope`: whose notifications `subject` carries. */
  listen(subject: string, scope: NotificationScope, listener: Listener): Listening {
    const current = this.subjects.get(subject);
    const shared = current && !current.subscription.isClosed() ? current : this.open(subject, scope);
    shared.listeners.add(listener);
    return {
      interest: shared.interest,
      stop: () => {
        if (!shared.listeners.delete(listener) || shared.listeners.size > 0) return;
        if (this.subjects.get(subject) === shared) this.subjects.delete(subject);
        shared.subscription.unsubscribe();
      },
    };
  }

  /**
   * Messages handed out so far, on every subject. A table read started when this is at
   * least an announcement's `received` sees what that announcement announced.
   */
  get received(): number {
    return this.count;
  }

  /** NATS subscriptions open for feeds: one per subject followed. */
  get subscriptionCount(): number {
    return this.subjects.size;
  }

  /** The subjects followed now, each with the highest cursor announced on it. */
  followed(): FollowedSubject[] {
    return [...this.subjects].map(([subject, { scope, highest }]) => ({ subject, scope, highest }));
  }

  /**
   * `latest` is committed on `subject` but was never announced here (a sweep found it):
   * the subject's feeds read the table, and it counts as announced.
   */
  announcementLost(subject: string, latest: string): void {
    const shared = this.subjects.get(subject);
    if (!shared) return;
    if (cursorAfter(latest, shared.highest)) shared.highest = latest;
    this.tellToRead(shared.listeners);
  }

  /**
   * A notification this process's projector has just committed, handed at once to the feeds
   * here that follow `subjects`, rather than after its trip through NATS. The copy NATS brings
   * back later is not handed out again (see `handCopy`).
   */
  committedHere(subjects: readonly string[], committed: StoredNotification): void {
    const announcement = committedAnnouncement(committed);
    for (const subject of subjects) {
      const shared = this.subjects.get(subject);
      if (shared) this.hand(shared, announcement);
    }
  }

  /** Stops watching the connection's status (the subscriptions end with their feeds). */
  close(): void {
    this.statuses?.stop?.();
    for (const timer of this.settling) clearTimeout(timer);
    this.settling.clear();
  }

  private open(subject: string, scope: NotificationScope): SharedSubject {
    const listeners = new Set<Listener>();
    const subscription = this.nats.subscribe(subject, {
      callback: (error, message) => this.handCopy(shared, error ? UNKNOWN : announcementOf(message.data)),
    });
    const interest = this.nats.flush();
    interest.then(
      () => this.readAgainLater(() => listeners),
      () => undefined,
    );
    const shared: SharedSubject = { subscription, listeners, interest, scope, highest: undefined };
    this.subjects.set(subject, shared);
    this.watchReconnections();
    return shared;
  }

  /**
   * A message from NATS. One at or before the highest cursor announced here is no news: this
   * process's projector handed it over already (its echo), or a later one came first. The
   * listeners that had it skipped or read past it; a feed that started meanwhile starts after
   * the newest in the table, which is at least that highest. Handed out again, it would be the
   * first announcement of such a feed, which then starts just before it and replays it
   * (NatsNotificationFeed.startingPoint).
   */
  private handCopy(shared: SharedSubject, announcement: Announcement): void {
    if (announcement.kind === 'committed' && !cursorAfter(announcement.notification.cursor, shared.highest)) return;
    this.hand(shared, announcement);
  }

  /** To every listener of the subject, in the order announced; the highest cursor is kept for the sweep. */
  private hand(shared: SharedSubject, announcement: Announcement): void {
    if (announcement.kind === 'committed' && cursorAfter(announcement.notification.cursor, shared.highest))
      shared.highest = announcement.notification.cursor;
    const received = ++this.count;
    for (const listener of shared.listeners) listener(announcement, received);
  }

  private watchReconnections(): void {
    if (this.statuses) return;
    const statuses = this.nats.status();
    this.statuses = statuses;
    void (async () => {
      for await (const status of statuses) {
        if (status.type !== Events.Reconnect) continue;
        const everyListener = () => [...this.subjects.values()].flatMap((shared) => [...shared.listeners]);
        this.tellToRead(everyListener());
        this.readAgainLater(everyListener);
      }
    })().catch(() => undefined);
  }

  /** Something may have been committed unannounced: each listener reads the table. */
  private tellToRead(listeners: Iterable<Listener>): void {
    const received = ++this.count;
    for (const listener of listeners) listener(UNKNOWN, received);
  }

  private readAgainLater(listeners: () => Iterable<Listener>): void {
    const timer = setTimeout(() => {
      this.settling.delete(timer);
      this.tellToRead(listeners());
    }, this.settleMs);
    timer.unref?.();
    this.settling.add(timer);
  }
}

function announcementOf(data: Uint8Array): Announcement {
  try {
    return committedAnnouncement(decodeNotification(data));
  } catch {
    return UNKNOWN;
  }
}

function committedAnnouncement({ previousCursor, ...notification }: StoredNotification): Announcement {
  return { kind: 'committed', notification, previousCursor };
}
