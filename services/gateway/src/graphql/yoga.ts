import type { GraphQLSchema } from 'graphql';
import { createYoga, YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Authenticator } from '../auth';
import type { GatewayContext, GatewayServices } from './context';
import { createGatewaySchema } from './schema';
import { errorMasking } from './plugins/error-masking';
import { useAuthentication } from './plugins/use-authentication';
import { useCorrelationId } from './plugins/use-correlation-id';
import { OperationObserver, useOperationObservability } from './plugins/use-operation-observability';

export const GRAPHQL_PATH = '/graphql';

export type GatewayYoga = YogaServerInstance<Record<string, unknown>, GatewayContext>;

export interface YogaOptions {
  services: GatewayServices;
  authenticator: Authenticator;
  logger: Logger;
  graphiql: boolean;
  /** Told of every operation's root field, type and outcome (metrics). */
  onOperation?: OperationObserver;
}

export function createGatewayYoga(options: YogaOptions): GatewayYoga {
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema: createGatewaySchema() as GraphQLSchema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: options.graphiql ? { subscriptionsProtocol: 'WS' } : false,
    landingPage: false,
    logging: yogaLogger(options.logger),
    context: () => ({ services: options.services }) as Partial<GatewayContext> as GatewayContext,
    maskedErrors: errorMasking(options.logger),
    plugins: [useCorrelationId(), useAuthentication(options.authenticator), useOperationObservability(options.onOperation ?? (() => undefined))],
  });
}

const yogaLogger = (logger: Logger) => ({
  debug: (...args: unknown[]) => logger.debug(args.map(String).join(' ')),
  info: (...args: unknown[]) => logger.info(args.map(String).join(' ')),
  warn: (...args: unknown[]) => logger.warn(args.map(String).join(' ')),
  error: (...args: unknown[]) => logger.error(args.map(String).join(' ')),
});
