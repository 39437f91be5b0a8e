import type { NotificationScope, NotificationView } from '@tenantry/read-model';
import { SharedReads } from './shared-reads';

const ALL: NotificationScope = { kind: 'ALL' };
const ALICE: NotificationScope = { kind: 'MINE', recipient: 'alice' };

/** Reads that stay pending until the spec settles them, counted. */
function pendingReads() {
  const calls: Array<{ scope: NotificationScope; after?: string; resolve: (page: NotificationView[]) => void }> = [];
  const read = (scope: NotificationScope, options: { after?: string; first: number }) =>
    new Promise<NotificationView[]>((resolve) => calls.push({ scope, after: options.after, resolve }));
  return { calls, read };
}

describe('table reads shared by the feeds of a process', () => {
  it('makes one query for feeds that read the same page after the same announcement', async () => {
    const { calls, read } = pendingReads();
    const reads = new SharedReads(read, () => 7);
    const pages = Array.from({ length: 10 }, () => reads.page(ALL, '40', 200, 7));
    expect(calls).toHaveLength(1);
    calls[0]!.resolve([]);
    expect(await Promise.all(pages)).toEqual(Array.from({ length: 10 }, () => []));
  });

  it('does not let a feed join a read that started before its announcement arrived (it may not hold it)', () => {
    const { calls, read } = pendingReads();
    let clock = 7;
    const reads = new SharedReads(read, () => clock);
    void reads.page(ALL, '40', 200, 7);
    clock = 8;
    void reads.page(ALL, '40', 200, 8);
    expect(calls).toHaveLength(2);
  });

  it('keeps pages apart by scope and position', () => {
    const { calls, read } = pendingReads();
    const reads = new SharedReads(read, () => 7);
    void reads.page(ALL, '40', 200, 7);
    void reads.page(ALICE, '40', 200, 7);
    void reads.page(ALL, '41', 200, 7);
    expect(calls.map((c) => [c.scope.kind, c.after])).toEqual([
      ['ALL', '40'],
      ['MINE', '40'],
      ['ALL', '41'],
    ]);
  });

  it('reads again once a read is over, and never shares a replay with an earlier read', async () => {
    const { calls, read } = pendingReads();
    const reads = new SharedReads(read, () => 7);
    const first = reads.page(ALL, '40', 200, 7);
    void reads.page(ALL, '40', 200, Number.POSITIVE_INFINITY);
    expect(calls).toHaveLength(2);
    calls[0]!.resolve([]);
    calls[1]!.resolve([]);
    await first;
    await Promise.resolve();
    void reads.page(ALL, '40', 200, 7);
    expect(calls).toHaveLength(3);
  });
});
