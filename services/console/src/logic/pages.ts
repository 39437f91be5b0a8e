/**
 * A list read page by page (newest first, keyset cursors), kept current while shown:
 * the first page is read again on every change, "load more" appends the next one.
 */
export interface PagedList<T> {
  items: T[];
  /** Where the next page starts (the last loaded item's cursor); null when nothing was loaded. */
  endCursor: string | null;
  hasNextPage: boolean;
  /** Every item matching the filter, not only the loaded ones. */
  totalCount: number;
}

/** A page as the API gives it (a connection's nodes, pageInfo and totalCount). */
export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  totalCount: number;
}

export interface ListOrder<T> {
  key: (item: T) => string;
  /** Negative when `a` comes first (is newer). */
  compare: (a: T, b: T) => number;
  /** Of two views of one item, the one to show. */
  prefer?: (known: T, incoming: T) => T;
}

export const fromPage = <T>(page: Page<T>): PagedList<T> => ({
  items: page.nodes,
  endCursor: page.pageInfo.endCursor ?? null,
  hasNextPage: page.pageInfo.hasNextPage,
  totalCount: page.totalCount,
});

/**
 * The first page read again: its items, as fresh as known, then the items loaded past it
 * that come after its last one (an item within its range that it no longer holds left
 * the filter). Paging goes on from where it was: a cursor names a place in the order,
 * so what was loaded beyond the first page stays valid.
 */
export function withFirstPage<T>(current: PagedList<T> | undefined, page: Page<T>, order: ListOrder<T>): PagedList<T> {
  const head = fromPage(page);
  if (!current) return head;
  const known = new Map(current.items.map((item) => [order.key(item), item]));
  const fresh = head.items.map((item) => {
    const was = known.get(order.key(item));
    return was && order.prefer ? order.prefer(was, item) : item;
  });
  const inHead = new Set(fresh.map(order.key));
  const last = fresh.at(-1);
  const beyond = current.items.filter(
    (item) => !inHead.has(order.key(item)) && (last === undefined || order.compare(last, item) < 0),
  );
  // Loaded past the first page: keep what lies beyond it, and page on from the last one loaded.
  if (head.hasNextPage && beyond.length > 0)
    return {
      items: [...fresh, ...beyond],
      endCursor: current.endCursor,
      hasNextPage: current.hasNextPage,
      totalCount: head.totalCount,
    };
  return { ...head, items: fresh };
}

/** The next page appended ("load more"); an item already shown (it moved up meanwhile) is not repeated. */
export function withNextPage<T>(current: PagedList<T>, page: Page<T>, order: ListOrder<T>): PagedList<T> {
  const shown = new Set(current.items.map(order.key));
  return {
    items: [...current.items, ...page.nodes.filter((item) => !shown.has(order.key(item)))],
    endCursor: page.pageInfo.endCursor ?? current.endCursor,
    hasNextPage: page.pageInfo.hasNextPage,
    totalCount: page.totalCount,
  };
}

/** One item changed (a live update): replaced where shown, or removed when it no longer fits the filter. */
export function withItem<T>(
  current: PagedList<T>,
  item: T,
  order: ListOrder<T>,
  fits: (item: T) => boolean = () => true,
): PagedList<T> {
  const index = current.items.findIndex((known) => order.key(known) === order.key(item));
  if (index < 0) return current;
  const merged = order.prefer ? order.prefer(current.items[index]!, item) : item;
  const items = [...current.items];
  if (fits(merged)) items[index] = merged;
  else items.splice(index, 1);
  return { ...current, items, totalCount: current.totalCount - (fits(merged) ? 0 : 1) };
}
