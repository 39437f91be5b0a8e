import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, NoSchemaIntrospectionCustomRule, ValidationContext, type ASTVisitor } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Depth of graphql-js `getIntrospectionQuery()` (its TypeRef fragment nests `ofType` deeply). */
export const INTROSPECTION_DEPTH = 15;

export interface DocumentLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** False in production unless enabled: `__schema` and `__type` are refused. */
  introspection: boolean;
}

/**
 * What a document may cost before anything runs: depth, aliases, tokens and directives
 * (graphql-armor; introspection documents count too), at most one `login` (each one checks
 * a password), and introspection only where it is enabled. A document over a limit is a
 * validation error (400) that names the limit; nothing executes.
 */
export function useDocumentLimits(limits: DocumentLimits): Plugin[] {
  const rules = [oneLoginPerDocument, ...(limits.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  return [
    maxTokensPlugin({ n: limits.maxTokens }),
    // Operations: maxDepth. Introspection: the standard introspection query's depth (15, what
    // GraphiQL and codegen send), so a recursive `__schema { types { fields { type { fields …`
    // is refused while the tools keep working.
    maxDepthPlugin({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true }),
    maxDepthPlugin({
      n: Math.max(limits.maxDepth, INTROSPECTION_DEPTH),
      ignoreIntrospection: false,
      flattenFragments: true,
    }),
    maxAliasesPlugin({ n: limits.maxAliases }),
    maxDirectivesPlugin({ n: limits.maxDirectives }),
    {
      onValidate: (payload) => rules.forEach((rule) => payload.addValidationRule(rule)),
      onResultProcess: (payload) => {
        const { result } = payload;
        // Refused before execution: no `data` at all (an executed operation has `data`, maybe null).
        if (Array.isArray(result) || 'data' in result || !('errors' in result) || !result.errors?.some(isRequestError))
          return;
        payload.setResult({
          ...result,
          errors: result.errors.map((error) => (isRequestError(error) ? asBadRequest(error) : error)),
        });
      },
    },
  ] as Plugin[];
}

const REQUEST_ERROR_CODES: readonly unknown[] = [undefined, 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'];
/**
 * A syntax or validation error (graphql-js, yoga's, or a limit's): yoga answers these
 * with 200 to `application/json` clients, or not at all marked (graphql-armor's).
 */
const isRequestError = (error: unknown): error is GraphQLError =>
  error instanceof GraphQLError && !error.originalError && REQUEST_ERROR_CODES.includes(error.extensions?.['code']);

/** The same error as a validation error answered 400, whatever the client accepts. */
const asBadRequest = (error: GraphQLError): GraphQLError =>
  new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: {
      ...error.extensions,
      code: error.extensions?.['code'] ?? 'GRAPHQL_VALIDATION_FAILED',
      http: { status: 400 },
    },
  });

/** `login` checks a password: aliases must not turn one request into many guesses. */
export function oneLoginPerDocument(context: ValidationContext): ASTVisitor {
  let logins = 0;
  return {
    Field(node) {
      if (node.name.value !== 'login' || context.getParentType()?.name !== 'Mutation') return;
      logins += 1;
      if (logins === 2)
        context.reportError(
          new GraphQLError('A document may log in once: send one login per request.', { nodes: [node] }),
        );
    },
  };
}
