import { useCallback, useEffect, useRef, useState } from 'react';
import { GraphQLRequestError } from '../api/graphql';
import { withFirstPage, withNextPage, type ListOrder, type Page, type PagedList } from '../logic/pages';

export interface GrowingList<T> {
  list: PagedList<T> | undefined;
  loadingMore: boolean;
  error: GraphQLRequestError | undefined;
  loadMore: () => Promise<void>;
}

/**
 * A list whose first page comes with something else (a tenant's latest operations in its
 * detail, read again on every change of the tenant) and whose further pages `load` reads
 * on demand; `scope` (the tenant's id) starts a new list.
 */
export function useGrowingList<T>(
  scope: string,
  firstPage: Page<T> | undefined,
  load: (after: string) => Promise<Page<T> | undefined>,
  order: ListOrder<T>,
): GrowingList<T> {
  const [shown, setShown] = useState<{ scope: string; list: PagedList<T> }>();
  const [more, setMore] = useState<{ loading: boolean; error?: GraphQLRequestError }>({ loading: false });
  const latest = useRef({ load, order });
  // The latest callbacks, for the effect and loadMore below without restarting them.
  useEffect(() => {
    latest.current = { load, order };
  });

  useEffect(() => {
    if (!firstPage) return;
    setShown((current) => ({
      scope,
      list: withFirstPage(current?.scope === scope ? current.list : undefined, firstPage, latest.current.order),
    }));
  }, [firstPage, scope]);

  const list = shown?.scope === scope ? shown.list : undefined;
  const loadMore = useCallback(async () => {
    if (!list?.hasNextPage || !list.endCursor) return;
    setMore({ loading: true });
    try {
      const page = await latest.current.load(list.endCursor);
      setMore({ loading: false });
      if (page)
        setShown((current) =>
          current?.scope === scope ? { scope, list: withNextPage(current.list, page, latest.current.order) } : current,
        );
    } catch (error) {
      setMore({
        loading: false,
        error: error instanceof GraphQLRequestError ? error : new GraphQLRequestError([{ message: String(error) }]),
      });
    }
  }, [list, scope]);

  return { list, loadingMore: more.loading, error: more.error, loadMore };
}
