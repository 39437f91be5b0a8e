import type { Server } from 'node:http';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { WebSocket, WebSocketServer } from 'ws';
import type { Principal } from '@tenantry/auth';
import type { Logger } from 'pino';
import type { Authenticator } from '../auth';
import { authorizationOf } from './plugins/use-authentication';
import { GRAPHQL_PATH, type GatewayYoga } from './yoga';

export interface GraphQLWebSocket {
  close(): Promise<void>;
}

type EnvelopedRoot = { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown };

/**
 * graphql-ws (graphql-transport-ws) on the HTTP server's port and path. The token
 * comes in connection_init: missing, invalid or expired closes 4401 Unauthorized,
 * a tenant that is not usable 4403 Forbidden. Each operation then runs through
 * yoga's `getEnveloped`, so every yoga plugin (auth, masking, correlation) applies.
 */
export interface GraphQLWebSocketOptions {
  yoga: GatewayYoga;
  authenticator: Authenticator;
  logger: Logger;
  /** Told of every accepted connection, e.g. to close it when its tenant is deactivated. */
  onAccepted?: (socket: WebSocket, principal: Principal) => void | Promise<void>;
}

export function attachGraphQLWebSocket(server: Server, { yoga, authenticator, logger, onAccepted }: GraphQLWebSocketOptions): GraphQLWebSocket {
  const wss = new WebSocketServer({ server, path: GRAPHQL_PATH });
  const disposable = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
      onConnect: async (ctx) => {
        const auth = await authenticator.authenticate(authorizationOf({ connectionParams: ctx.connectionParams ?? {} }));
        if (auth.principal) {
          // Awaited, so what it records (e.g. presence) holds before connection_ack.
          await onAccepted?.(ctx.extra.socket, auth.principal);
          return true;
        }
        // graphql-ws closes 4403 Forbidden on `false`; an unusable token is 4401 Unauthorized.
        if (auth.failure?.code !== 'FORBIDDEN') ctx.extra.socket.close(CloseCode.Unauthorized, 'Unauthorized');
        return false;
      },
      onSubscribe: async (ctx, _id, params) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          connectionParams: ctx.connectionParams ?? {},
        });
        let document;
        try {
          document = parse(params.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('Invalid query')];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        return {
          schema,
          document,
          operationName: params.operationName,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
      onError: (_ctx, _id, _payload, errors) => {
        logger.debug({ errors: errors.map((e) => e.message) }, 'graphql-ws operation errors');
      },
    },
    wss,
  );
  return {
    async close() {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
