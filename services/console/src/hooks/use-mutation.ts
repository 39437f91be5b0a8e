import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useCallback, useState } from 'react';
import { GraphQLRequestError, request } from '../api/graphql';
import { useSession } from './use-session';

export interface MutationState<TResult, TVariables> {
  /** Never rejects: a failure is the answer's `error` (and `error` until the next run). */
  run: (variables: TVariables) => Promise<{ data?: TResult; error?: GraphQLRequestError }>;
  running: boolean;
  error: GraphQLRequestError | undefined;
  reset: () => void;
}

/** Sends a mutation with the session's token; the error stays until the next run or reset. */
export function useMutation<TResult, TVariables>(
  mutation: TypedDocumentNode<TResult, TVariables>,
): MutationState<TResult, TVariables> {
  const { session, signOut } = useSession();
  const token = session?.token;
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<GraphQLRequestError>();
  const run = useCallback(
    async (variables: TVariables) => {
      setRunning(true);
      setError(undefined);
      try {
        return { data: await request(mutation, variables, token) };
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
    [mutation, token, signOut],
  );
  return { run, running, error, reset: useCallback(() => setError(undefined), []) };
}
