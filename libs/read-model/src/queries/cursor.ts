/** Cursors are the notification table's ids, as decimal strings: opaque to clients, ordered, stable across restarts. */
export class InvalidCursor extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor(readonly cursor: string) {
    super('Invalid cursor');
    this.name = 'InvalidCursor';
  }
}

export function parseCursor(cursor: string): string {
  if (!/^\d{1,19}$/.test(cursor)) throw new InvalidCursor(cursor);
  return cursor;
}

/** a > b for two valid cursors. */
export const cursorAfter = (a: string, b: string | undefined): boolean => b === undefined || BigInt(a) > BigInt(b);
