import { fromPage, withFirstPage, withItem, withNextPage, type ListOrder, type Page } from './pages';

interface Row {
  id: string;
  at: number;
  version: number;
  status?: string;
}
const order: ListOrder<Row> = {
  key: (r) => r.id,
  compare: (a, b) => b.at - a.at || a.id.localeCompare(b.id),
  prefer: (known, incoming) => (known.version > incoming.version ? known : incoming),
};
const row = (at: number, version = 1, status = 'ACTIVE'): Row => ({ id: `t${at}`, at, version, status });
/** Newest first: rows numbered down from `from`. */
const page = (from: number, size: number, hasNextPage: boolean, totalCount = 100): Page<Row> => {
  const nodes = Array.from({ length: size }, (_, i) => row(from - i));
  return { nodes, pageInfo: { hasNextPage, endCursor: `c${from - size + 1}` }, totalCount };
};
const ids = (rows: Row[]) => rows.map((r) => r.at);

describe('a paged list', () => {
  it('appends the next page and does not repeat an item that moved up meanwhile', () => {
    const first = fromPage(page(100, 3, true));
    const next = withNextPage(first, { ...page(98, 3, true) }, order);
    expect(ids(next.items)).toEqual([100, 99, 98, 97, 96]);
    expect(next.endCursor).toBe('c96');
  });

  it('shows a new item at the top when the first page is read again, keeping what was loaded beyond it', () => {
    const loaded = withNextPage(fromPage(page(100, 3, true)), page(97, 3, true), order);
    const refreshed = withFirstPage(loaded, page(101, 3, true, 101), order);
    expect(ids(refreshed.items)).toEqual([101, 100, 99, 98, 97, 96, 95]);
    expect(refreshed.endCursor).toBe('c95');
    expect(refreshed.totalCount).toBe(101);
  });

  it('drops an item of the first page that no longer matches the filter', () => {
    const shown = fromPage(page(100, 3, false, 3));
    const refreshed = withFirstPage(
      shown,
      { nodes: [row(100), row(98)], pageInfo: { hasNextPage: false }, totalCount: 2 },
      order,
    );
    expect(ids(refreshed.items)).toEqual([100, 98]);
  });

  it('keeps the later revision of an item when the page read is older than a live update', () => {
    const shown = withItem(fromPage(page(100, 2, false, 2)), row(100, 5, 'UPDATING'), order);
    const refreshed = withFirstPage(shown, page(100, 2, false, 2), order);
    expect(refreshed.items[0]).toEqual(row(100, 5, 'UPDATING'));
  });

  it('updates a shown item live, or removes it when it leaves the filter', () => {
    const shown = fromPage(page(100, 3, false, 3));
    const active = (r: Row) => r.status === 'ACTIVE';
    expect(withItem(shown, row(99, 2, 'ACTIVE'), order, active).items[1]!.version).toBe(2);
    const left = withItem(shown, row(99, 2, 'DELETING'), order, active);
    expect(ids(left.items)).toEqual([100, 98]);
    expect(left.totalCount).toBe(2);
    expect(withItem(shown, row(7), order)).toBe(shown);
  });
});
