import type { Announcement } from './announcement';

/**
 * Announcements for one feed, queued until the feed reads them. `next()` resolves
 * `null` once closed.
 */
export class Announcements {
  private readonly queued: Announcement[] = [];
  private waiter: ((announcement: Announcement | null) => void) | undefined;
  private closed = false;
  /** The first cursor ever announced: where a feed without a cursor starts at the latest. */
  first: string | undefined;

  push(announcement: Announcement): void {
    if (this.closed) return;
    if (announcement.kind === 'committed') this.first ??= announcement.notification.cursor;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve(announcement);
    } else {
      this.queued.push(announcement);
    }
  }

  next(): Promise<Announcement | null> {
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
