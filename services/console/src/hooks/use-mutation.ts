import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useState } from 'react';
import { GraphQLRequestError, request } from '../api/graphql';
import { useSession } from './use-session';

export interface MutationState<TResult, TVariables> {
  run(variables: TVariables): Promise<{ data?: TResult; error?: GraphQLRequestError }>;
  running: boolean;
  error: GraphQLRequestError | undefined;
  reset(): void;
}

/** Sends a mutation with the session's token; the error stays until the next run or reset. */
export function useMutation<TResult, TVariables>(
  mutation: TypedDocumentNode<TResult, TVariables>,
): MutationState<TResult, TVariables> {
  const { session, signOut } = useSession();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<GraphQLRequestError>();
  const run = useCallback(
    async (variables: TVariables) => {
      setRunning(true);
      setError(undefined);
      try {
        return { data: await request(mutation, variables, session?.token) };
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
