import type { LiveFeed } from '../../live/ports';

/**
 * The feed as the iterator graphql-js drives. `return` closes the feed right away,
 * even while a `next` is pending (an async generator would wait for the next item).
 */
export function iterate<T>(feed: LiveFeed<T>): AsyncIterableIterator<T> {
  const inner = feed[Symbol.asyncIterator]();
  const close = async () => {
    await feed.close();
    return { done: true, value: undefined } as IteratorReturnResult<undefined>;
  };
  return {
    next: () => inner.next(),
    return: close,
    throw: async (error: unknown) => {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
