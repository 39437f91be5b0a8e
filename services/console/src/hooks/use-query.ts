import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { GraphQLRequestError, request } from '../api/graphql';
import { useSession } from './use-session';

export interface QueryState<TResult> {
  data: TResult | undefined;
  error: GraphQLRequestError | undefined;
  loading: boolean;
  /** Fetches again, keeping what is shown until the answer comes; a late answer never overwrites a newer one. */
  refetch: () => Promise<void>;
}

export function useQuery<TResult, TVariables>(
  query: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): QueryState<TResult> {
  const { session, signOut } = useSession();
  const token = session?.token;
  // The variables by value: a page passes a fresh object each render.
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{
    data?: TResult;
    error?: GraphQLRequestError;
    loading: boolean;
    /** The variables it answers: new ones show as loading at once, with no state change in the effect. */
    answers?: string;
  }>({ loading: true });
  const latest = useRef(0);

  const load = useCallback(
    async (sent: number) => {
      try {
        const data = await request(query, JSON.parse(key) as TVariables, token);
        if (sent === latest.current) setState({ data, loading: false, answers: key });
      } catch (error) {
        const failure =
          error instanceof GraphQLRequestError ? error : new GraphQLRequestError([{ message: String(error) }]);
        if (failure.code === 'UNAUTHENTICATED') signOut();
        if (sent === latest.current) setState((s) => ({ data: s.data, error: failure, loading: false, answers: key }));
      }
    },
    [query, key, token, signOut],
  );

  const refetch = useCallback(async () => {
    const sent = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    await load(sent);
  }, [load]);

  useEffect(() => {
    void load(++latest.current);
  }, [load]);

  return { data: state.data, error: state.error, loading: state.loading || state.answers !== key, refetch };
}
