/**
 * Where a notification stream stands. Cursors are opaque to the console: it keeps the
 * last one it saw, to resume after a reconnect, and drops any it has seen already
 * (the server promises no duplicate; this keeps a toast from ever showing twice).
 */
export class CursorTracker {
  private readonly seen = new Set<string>();
  private lastCursor: string | undefined;

  /** `start`: a cursor kept from before (e.g. across a reload), to resume after it. */
  constructor(
    start?: string,
    private readonly remember = 1000,
  ) {
    if (start) this.accept(start);
  }

  get last(): string | undefined {
    return this.lastCursor;
  }

  /** True when the cursor is new; it then becomes the resume point. */
  accept(cursor: string): boolean {
    if (this.seen.has(cursor)) return false;
    this.seen.add(cursor);
    if (this.seen.size > this.remember) this.seen.delete(this.seen.values().next().value as string);
    this.lastCursor = cursor;
    return true;
  }
}
