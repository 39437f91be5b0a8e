import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { GraphQLRequestError, request } from '../api/graphql';
import { withFirstPage, withNextPage, type ListOrder, type Page, type PagedList } from '../logic/pages';
import { useQuery } from './use-query';
import { useSession } from './use-session';

export interface PagedQueryState<TResult, T> {
  /** The first page's whole answer (other fields of the query, e.g. queue statistics). */
  data: TResult | undefined;
  list: PagedList<T> | undefined;
  error: GraphQLRequestError | undefined;
  loading: boolean;
  loadingMore: boolean;
  /** Appends the next page. */
  loadMore: () => Promise<void>;
  /** Reads the first page again, keeping what was loaded beyond it (withFirstPage). */
  refetch: () => Promise<void>;
  /** A change to the list as shown, e.g. a live update of one item. */
  update: (change: (list: PagedList<T>) => PagedList<T>) => void;
}

/**
 * A list query with `after`: its first page read (and read again on refetch), further
 * pages appended on demand. New variables (another filter or search) start a new list.
 */
export function usePagedQuery<TResult, TVariables extends { after?: string | null }, T>(
  query: TypedDocumentNode<TResult, TVariables>,
  variables: Omit<TVariables, 'after'>,
  pageOf: (result: TResult) => Page<T> | undefined,
  order: ListOrder<T>,
): PagedQueryState<TResult, T> {
  const token = useSession().session?.token;
  const key = JSON.stringify(variables);
  const first = useQuery(query, { ...variables, after: null } as TVariables);
  const [shown, setShown] = useState<{ key: string; list: PagedList<T> }>();
  const [more, setMore] = useState<{ loading: boolean; error?: GraphQLRequestError }>({ loading: false });
  const latest = useRef({ pageOf, order });
  // The latest callbacks, for the effect and loadMore below without restarting them.
  useEffect(() => {
    latest.current = { pageOf, order };
  });

  useEffect(() => {
    const page = first.data && latest.current.pageOf(first.data);
    if (!page) return;
    setShown((current) => ({
      key,
      list: withFirstPage(current?.key === key ? current.list : undefined, page, latest.current.order),
    }));
  }, [first.data, key]);

  const list = shown?.key === key ? shown.list : undefined;
  const loadMore = useCallback(async () => {
    if (!list?.hasNextPage) return;
    setMore({ loading: true });
    try {
      const result = await request(query, { ...JSON.parse(key), after: list.endCursor } as TVariables, token);
      const page = latest.current.pageOf(result);
      setMore({ loading: false });
      if (page)
        setShown((current) =>
          current?.key === key ? { key, list: withNextPage(current.list, page, latest.current.order) } : current,
        );
    } catch (error) {
      setMore({
        loading: false,
        error: error instanceof GraphQLRequestError ? error : new GraphQLRequestError([{ message: String(error) }]),
      });
    }
  }, [list, query, key, token]);

  const update = useCallback(
    (change: (list: PagedList<T>) => PagedList<T>) =>
      setShown((current) => (current?.key === key ? { key, list: change(current.list) } : current)),
    [key],
  );

  return {
    data: first.data,
    list,
    error: first.error ?? more.error,
    loading: first.loading,
    loadingMore: more.loading,
    loadMore,
    refetch: first.refetch,
    update,
  };
}
