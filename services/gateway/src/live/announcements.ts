import { UNKNOWN, type Announcement } from './announcement';

/** Announcements a feed keeps for a consumer that does not read; past it, the feed re-reads the table. */
export const DEFAULT_ANNOUNCEMENT_CAPACITY = 1_000;

/** An announcement as a feed takes it, with the fan-out's message count when it arrived. */
export interface Received {
  announcement: Announcement;
  received: number;
}

/**
 * Announcements for one feed, queued until the feed reads them. `next()` resolves
 * `null` once closed. The queue is bounded: when a consumer does not read (a socket
 * whose client stopped reading), past `capacity` the queue is dropped for one UNKNOWN
 * announcement, which makes the feed read the table after its last cursor. Nothing is
 * lost and the memory a slow consumer holds stays bounded.
 */
export class Announcements {
  constructor(private readonly capacity = DEFAULT_ANNOUNCEMENT_CAPACITY) {}

  private readonly queued: Received[] = [];
  private waiter: ((next: Received | null) => void) | undefined;
  private closed = false;
  /** The first cursor ever announced: where a feed without a cursor starts at the latest. */
  first: string | undefined;

  push(announcement: Announcement, received: number): void {
    if (this.closed) return;
    if (announcement.kind === 'committed') this.first ??= announcement.notification.cursor;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve({ announcement, received });
    } else if (this.queued.length >= this.capacity) {
      this.queued.length = 0;
      this.queued.push({ announcement: UNKNOWN, received });
    } else {
      this.queued.push({ announcement, received });
    }
  }

  next(): Promise<Received | null> {
    if (this.queued.length > 0) return Promise.resolve(this.queued.shift()!);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  close(): void {
    this.closed = true;
    this.queued.length = 0;
    this.waiter?.(null);
    this.waiter = undefined;
  }
}
