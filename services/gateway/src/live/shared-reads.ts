import type { NotificationScope, NotificationView } from '@tenantry/read-model';

type ReadPage = (scope: NotificationScope, options: { after?: string; first: number }) => Promise<NotificationView[]>;

/**
 * Table reads that the feeds of a process share: ten tabs that must read the same page
 * after the same announcement make one query. A feed joins a read of the same page only
 * if that read started after the feed received its announcement (`clock()` had reached
 * its `received`), so the read's snapshot holds what was announced; else it starts one.
 */
export class SharedReads {
  private readonly inFlight = new Map<string, { startedAt: number; page: Promise<NotificationView[]> }>();

  constructor(
    private readonly read: ReadPage,
    private readonly clock: () => number,
  ) {}

  /** `received`: when the reason to read arrived (Infinity: a replay, which joins nothing). */
  page(
    scope: NotificationScope,
    after: string | undefined,
    first: number,
    received: number,
  ): Promise<NotificationView[]> {
    const key = `${scope.kind === 'MINE' ? `MINE:${scope.recipient}` : 'ALL'}|${after ?? ''}|${first}`;
    const current = this.inFlight.get(key);
    if (current && current.startedAt >= received) return current.page;
    const entry = { startedAt: this.clock(), page: this.read(scope, { after, first }) };
    this.inFlight.set(key, entry);
    const forget = () => {
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    };
    entry.page.then(forget, forget);
    return entry.page;
  }
}
