import { describeValue } from './describe-value';
import { Duration, toMilliseconds } from './duration';
import { WaitTimeout } from './wait-timeout';

export interface InboxWaitOptions {
  within?: Duration;
  description?: string;
}

interface Waiter<T> {
  predicate: (item: T) => boolean;
  resolve: (item: T) => void;
}

/** Something arrived that a test said must not arrive. */
export class UnexpectedArrival extends Error {
  readonly code = 'UNEXPECTED_ARRIVAL';
  constructor(
    readonly description: string,
    readonly item: unknown,
  ) {
    super(`Expected nothing matching ${description}, but received ${describeValue(item)}`);
    this.name = 'UnexpectedArrival';
  }
}

/**
 * Queues what a callback receives so a test can wait for it with a predicate and a
 * deadline. `next` takes (removes) the first matching item, whether it arrived before
 * or after the call; `all` is everything ever received, in order.
 */
export class Inbox<T> {
  private readonly queued: T[] = [];
  private readonly received: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();

  /** Bound, so it can be passed as a callback directly. */
  readonly push = (item: T): void => {
    this.received.push(item);
    for (const waiter of this.waiters) {
      if (waiter.predicate(item)) {
        this.waiters.delete(waiter);
        waiter.resolve(item);
        return;
      }
    }
    this.queued.push(item);
  };

  get all(): readonly T[] {
    return this.received;
  }

  next(predicate: (item: T) => boolean = () => true, options: InboxWaitOptions = {}): Promise<T> {
    const index = this.queued.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.queued.splice(index, 1)[0]!);
    const withinMs = toMilliseconds(options.within ?? '10s');
    const description = options.description ?? `an item matching ${predicate.toString()}`;
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        predicate,
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new WaitTimeout(description, withinMs, this.received.at(-1)));
      }, withinMs);
      this.waiters.add(waiter);
    });
  }

  /** Takes `count` matching items, in arrival order. */
  async take(
    count: number,
    predicate: (item: T) => boolean = () => true,
    options: InboxWaitOptions = {},
  ): Promise<T[]> {
    const items: T[] = [];
    for (let i = 0; i < count; i++) {
      const description = `${options.description ?? 'items'} (${i + 1} of ${count})`;
      items.push(await this.next(predicate, { ...options, description }));
    }
    return items;
  }

  /**
   * Resolves after the window if nothing matching is queued or arrives in it; rejects as
   * soon as something does. A short window proves little on a loaded machine (a late
   * duplicate arrives after it): prefer a barrier, a later fact that must come after
   * anything unwanted (e.g. `next` of an event appended last, then check `all`), and
   * otherwise watch for a second or more.
   */
  expectNothing(predicate: (item: T) => boolean = () => true, options: InboxWaitOptions = {}): Promise<void> {
    const description = options.description ?? predicate.toString();
    const queued = this.queued.find(predicate);
    if (queued !== undefined) return Promise.reject(new UnexpectedArrival(description, queued));
    const withinMs = toMilliseconds(options.within ?? '1s');
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter<T> = {
        predicate,
        resolve: (item) => {
          clearTimeout(timer);
          this.queued.push(item);
          reject(new UnexpectedArrival(description, item));
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve();
      }, withinMs);
      this.waiters.add(waiter);
    });
  }
}

/** A fresh inbox; pass `inbox.push` wherever a callback is expected. */
export const collect = <T>(): Inbox<T> => new Inbox<T>();
