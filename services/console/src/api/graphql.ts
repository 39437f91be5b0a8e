import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { FieldMessages } from '../logic/field-errors';
import { fieldMessagesOf } from '../logic/field-errors';

export const GRAPHQL_PATH = '/graphql';

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; fields?: { field: string; message: string }[] };
}

/** A GraphQL error as the console shows it: the server's message and code, fields by name. */
export class GraphQLRequestError extends Error {
  readonly code: string;
  readonly fields: FieldMessages;
  constructor(errors: GraphQLErrorBody[]) {
    super(errors.map((e) => e.message).join(' ') || 'Request failed');
    this.name = 'GraphQLRequestError';
    this.code = errors[0]?.extensions?.code ?? 'INTERNAL';
    this.fields = fieldMessagesOf(errors);
  }
}

/**
 * Plain fetch: POST the document, return `data` or throw a GraphQLRequestError. The
 * document's type (src/api/generated) types both the variables and the answer.
 */
export async function request<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  token?: string,
): Promise<TResult> {
  const query = print(document);
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new GraphQLRequestError([{ message: 'The gateway cannot be reached.', extensions: { code: 'NETWORK' } }]);
  }
  const body = (await response.json().catch(() => null)) as { data?: TResult; errors?: GraphQLErrorBody[] } | null;
  if (body?.errors?.length) throw new GraphQLRequestError(body.errors);
  if (!response.ok || !body?.data) {
    throw new GraphQLRequestError([
      { message: `The gateway answered ${response.status}.`, extensions: { code: 'INTERNAL' } },
    ]);
  }
  return body.data;
}
