import type { PagedList } from '../logic/pages';

/** "Showing 20 of 134" and, while there is more, the button that loads the next page. */
export function LoadMore({
  list,
  noun,
  loading,
  onLoadMore,
}: {
  list: Pick<PagedList<unknown>, 'items' | 'hasNextPage' | 'totalCount'>;
  noun: string;
  loading: boolean;
  onLoadMore: () => void;
}) {
  if (list.items.length === 0) return null;
  return (
    <div className="load-more">
      <span className="muted" aria-live="polite" data-shown={list.items.length} data-total={list.totalCount}>
        Showing {list.items.length.toLocaleString('en')} of {list.totalCount.toLocaleString('en')} {noun}
      </span>
      {list.hasNextPage && (
        <button type="button" onClick={onLoadMore} disabled={loading} aria-label={`Load more ${noun}`}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
