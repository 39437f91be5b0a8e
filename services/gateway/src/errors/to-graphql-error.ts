import { GraphQLError } from 'graphql';
import { classifyError } from './classify-error';

const isGraphQLError = (error: unknown): error is GraphQLError => error instanceof GraphQLError;

/**
 * Maps any error to what a GraphQL client sees. GraphQL's own errors (syntax,
 * validation, variables) pass through; errors thrown by resolvers are classified by
 * code, keeping path and locations. `onUnexpected` sees what gets masked.
 */
export function toGraphQLError(error: unknown, onUnexpected?: (error: unknown) => void): GraphQLError {
  const located = isGraphQLError(error) ? error : undefined;
  const original = located ? located.originalError : error;
  if (located && (original === undefined || original === null)) return located;
  if (isGraphQLError(original) && original.extensions?.['code']) return located ?? original;

  const classified = classifyError(original);
  if (classified.unexpected) onUnexpected?.(original);
  const extensions: Record<string, unknown> = { code: classified.code };
  if (classified.fields) extensions['fields'] = classified.fields;
  if (classified.retryAfterSeconds !== undefined) {
    extensions['retryAfterSeconds'] = classified.retryAfterSeconds;
    extensions['http'] = { status: 429, headers: { 'retry-after': String(classified.retryAfterSeconds) } };
  }
  return new GraphQLError(classified.message, {
    nodes: located?.nodes,
    source: located?.source,
    positions: located?.positions,
    path: located?.path,
    extensions,
  });
}
