import { Events, NatsConnection, Subscription } from 'nats';
import { Announcement, UNKNOWN } from './announcement';
import { decodeNotification } from '@tenantry/read-model';

/** `received`: the fan-out's count of messages when this one arrived (see `received`). */
export type Listener = (announcement: Announcement, received: number) => void;

interface SharedSubject {
  subscription: Subscription;
  listeners: Set<Listener>;
  /** Settles once the server has the interest: whatever is committed later is announced here. */
  interest: Promise<void>;
}

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
 */
export class AnnouncementFanout {
  private readonly subjects = new Map<string, SharedSubject>();
  private statuses: (AsyncIterable<unknown> & { stop?: () => void }) | undefined;
  private count = 0;

  constructor(private readonly nats: NatsConnection) {}

  listen(subject: string, listener: Listener): Listening {
    const current = this.subjects.get(subject);
    const shared = current && !current.subscription.isClosed() ? current : this.open(subject);
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

  /** Stops watching the connection's status (the subscriptions end with their feeds). */
  close(): void {
    this.statuses?.stop?.();
  }

  private open(subject: string): SharedSubject {
    const listeners = new Set<Listener>();
    const subscription = this.nats.subscribe(subject, {
      callback: (error, message) => {
        const announcement = error ? UNKNOWN : announcementOf(message.data);
        const received = ++this.count;
        for (const listener of listeners) listener(announcement, received);
      },
    });
    const interest = this.nats.flush();
    interest.catch(() => undefined);
    const shared = { subscription, listeners, interest };
    this.subjects.set(subject, shared);
    this.watchReconnections();
    return shared;
  }

  private watchReconnections(): void {
    if (this.statuses) return;
    const statuses = this.nats.status();
    this.statuses = statuses;
    void (async () => {
      for await (const status of statuses) {
        if (status.type !== Events.Reconnect) continue;
        const received = ++this.count;
        for (const shared of this.subjects.values())
          for (const listener of shared.listeners) listener(UNKNOWN, received);
      }
    })().catch(() => undefined);
  }
}

function announcementOf(data: Uint8Array): Announcement {
  try {
    const { previousCursor, ...notification } = decodeNotification(data);
    return { kind: 'committed', notification, previousCursor };
  } catch {
    return UNKNOWN;
  }
}
