import type { GraphQLSchema } from 'graphql';
import { createYoga, YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from '@tenantry/config';
import type { Authenticator } from '../auth';
import type { GatewayContext, GatewayServices } from './context';
import { createGatewaySchema } from './schema';
import { errorMasking } from './plugins/error-masking';
import { useAuthentication } from './plugins/use-authentication';
import { useCorrelationId } from './plugins/use-correlation-id';
import { useClientAddress } from './plugins/use-client-address';
import { DocumentLimits, useDocumentLimits } from './plugins/use-document-limits';
import { OperationObserver, useOperationObservability } from './plugins/use-operation-observability';
import { renderGraphiQL, useGraphiQLAssets } from './graphiql';
import { useRequestBodyLimit } from './plugins/use-request-body-limit';

export const GRAPHQL_PATH = '/graphql';

export type GatewayYoga = YogaServerInstance<Record<string, unknown>, GatewayContext>;

export interface YogaOptions {
  services: GatewayServices;
  authenticator: Authenticator;
  logger: Logger;
  graphiql: boolean;
  /** Told of every operation's root field, type and outcome (metrics). */
  onOperation?: OperationObserver;
  limits: DocumentLimits;
  /** Larger request bodies answer 413 before they are read. */
  maxBodyBytes: number;
}

/** The limits as configured (libs/config), introspection off in production unless enabled. */
export function documentLimitsOf(
  config: Pick<
    Config,
    | 'GRAPHQL_MAX_DEPTH'
    | 'GRAPHQL_MAX_ALIASES'
    | 'GRAPHQL_MAX_TOKENS'
    | 'GRAPHQL_MAX_DIRECTIVES'
    | 'GRAPHQL_INTROSPECTION'
    | 'NODE_ENV'
  >,
): DocumentLimits {
  return {
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    maxAliases: config.GRAPHQL_MAX_ALIASES,
    maxTokens: config.GRAPHQL_MAX_TOKENS,
    maxDirectives: config.GRAPHQL_MAX_DIRECTIVES,
    introspection: (config.GRAPHQL_INTROSPECTION ?? (config.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
  };
}

export function createGatewayYoga(options: YogaOptions): GatewayYoga {
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema: createGatewaySchema() as GraphQLSchema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: options.graphiql ? { subscriptionsProtocol: 'WS' } : false,
    // From the npm package, by the gateway itself (yoga's default loads it from unpkg).
    renderGraphiQL,
    landingPage: false,
    // CORS is the server's (gateway-server.ts): one allow-list for /graphql and /api.
    cors: false,
    // Ours (useRequestBodyLimit): the same limit without a stream per request.
    maxRequestBodySize: false,
    logging: yogaLogger(options.logger),
    context: () => ({ services: options.services }) as Partial<GatewayContext> as GatewayContext,
    maskedErrors: errorMasking(options.logger),
    plugins: [
      ...(options.graphiql ? [useGraphiQLAssets()] : []),
      ...useDocumentLimits(options.limits),
      useCorrelationId(),
      useClientAddress(),
      useAuthentication(options.authenticator),
      useOperationObservability(options.onOperation ?? (() => undefined)),
      // After every request parser (yoga's come before the plugins).
      useRequestBodyLimit(options.maxBodyBytes),
    ],
  });
}

const yogaLogger = (logger: Logger) => ({
  debug: (...args: unknown[]) => logger.debug(args.map(String).join(' ')),
  info: (...args: unknown[]) => logger.info(args.map(String).join(' ')),
  warn: (...args: unknown[]) => logger.warn(args.map(String).join(' ')),
  error: (...args: unknown[]) => logger.error(args.map(String).join(' ')),
});
