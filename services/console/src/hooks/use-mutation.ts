import { useCallback, useState } from 'react';
import { graphql, GraphQLRequestError } from '../api/graphql';
import { useSession } from './use-session';

export interface MutationState<T> {
  run(variables: Record<string, unknown>): Promise<{ data?: T; error?: GraphQLRequestError }>;
  running: boolean;
  error: GraphQLRequestError | undefined;
  reset(): void;
}

/** Sends a mutation with the session's token; the error stays until the next run or reset. */
export function useMutation<T>(mutation: string): MutationState<T> {
  const { session, signOut } = useSession();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<GraphQLRequestError>();
  const run = useCallback(
    async (variables: Record<string, unknown>) => {
      setRunning(true);
      setError(undefined);
      try {
        return { data: await graphql<T>(mutation, variables, session?.token) };
      } catch (caught) {
        const failure =
          caught instanceof GraphQLRequestError ? caught : new GraphQLRequestError([{ message: String(caught) }]);
        if (failure.code === 'UNAUTHENTICATED') signOut();
        setError(failure);
        return { error: failure };
      } finally {
        setRunning(false);
      }
    },
    [mutation, session?.token, signOut],
  );
  return { run, running, error, reset: useCallback(() => setError(undefined), []) };
}
