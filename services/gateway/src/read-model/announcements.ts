/**
 * Cursors announced on a feed's NATS subscription, queued until the feed reads them.
 * `undefined` stands for an announcement whose cursor could not be read (still a
 * reason to read the table). `next()` resolves `null` once closed.
 */
export class Announcements {
  private readonly queued: Array<string | undefined> = [];
  private waiter: ((cursor: string | undefined | null) => void) | undefined;
  private closed = false;
  /** The first cursor ever announced: where a feed without a cursor starts at the latest. */
  first: string | undefined;

  push(cursor: string | undefined): void {
    if (this.closed) return;
    this.first ??= cursor;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve(cursor);
    } else {
      this.queued.push(cursor);
    }
  }

  next(): Promise<string | undefined | null> {
    if (this.queued.length > 0) return Promise.resolve(this.queued.shift());
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
