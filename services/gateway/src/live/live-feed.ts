import type { LiveFeed } from './ports';

/**
 * A LiveFeed over an async generator. `close()` (or a consumer's `return()`) first
 * calls `stop`, which must end whatever the generator awaits (e.g. unsubscribe), so
 * that closing never hangs behind a `next()` waiting for a message that may not come.
 */
export function feedOf<T>(source: AsyncGenerator<T, void, undefined>, stop: () => void): LiveFeed<T> {
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      stop();
      await source.return(undefined);
    })());
  const iterator: AsyncIterableIterator<T> = {
    next: () => source.next(),
    return: async () => {
      await close();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return { close, [Symbol.asyncIterator]: () => iterator };
}
