import { useCallback, useEffect, useRef, useState } from 'react';
import { graphql, GraphQLRequestError } from '../api/graphql';
import { useSession } from './use-session';

export interface QueryState<T> {
  data: T | undefined;
  error: GraphQLRequestError | undefined;
  loading: boolean;
  /** Fetches again, keeping what is shown until the answer comes; a late answer never overwrites a newer one. */
  refetch(): Promise<void>;
}

export function useQuery<T>(query: string, variables: Record<string, unknown> = {}): QueryState<T> {
  const { session, signOut } = useSession();
  const key = JSON.stringify(variables);
  const [state, setState] = useState<{ data?: T; error?: GraphQLRequestError; loading: boolean }>({ loading: true });
  const latest = useRef(0);

  const refetch = useCallback(async () => {
    const request = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await graphql<T>(query, JSON.parse(key) as Record<string, unknown>, session?.token);
      if (request === latest.current) setState({ data, loading: false });
    } catch (error) {
      const failure =
        error instanceof GraphQLRequestError ? error : new GraphQLRequestError([{ message: String(error) }]);
      if (failure.code === 'UNAUTHENTICATED') signOut();
      if (request === latest.current) setState((s) => ({ data: s.data, error: failure, loading: false }));
    }
  }, [query, key, session?.token, signOut]);

  useEffect(() => {
    void refetch();
  }, [refetch]);

  return { ...state, refetch } as QueryState<T>;
}
