import type { Server } from 'node:http';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { WebSocket, WebSocketServer } from 'ws';
import { Principal, principalKeyOf } from '@tenantry/auth';
import type { Logger } from 'pino';
import type { Authenticator } from '../auth';
import { authorizationOf } from './plugins/use-authentication';
import { startHeartbeat } from './socket-heartbeat';
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
  /** A frame over this many bytes closes the socket with 1009 (WS_MAX_PAYLOAD_BYTES). */
  maxPayloadBytes?: number;
  /** Open sockets one principal may hold on this gateway; the next one is closed with 1008. */
  maxConnectionsPerPrincipal?: number;
}

/** Close codes beyond graphql-ws's own: RFC 6455's policy violation, and ours for an expired token. */
const POLICY_VIOLATION = 1008;
export const TOKEN_EXPIRED = { code: CloseCode.Unauthorized, reason: 'Token expired' } as const;
/** setTimeout's longest delay; a token valid for longer is checked again then. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export function attachGraphQLWebSocket(server: Server, options: GraphQLWebSocketOptions): GraphQLWebSocket {
  const { yoga, authenticator, logger, onAccepted } = options;
  const wss = new WebSocketServer({ server, path: GRAPHQL_PATH, maxPayload: options.maxPayloadBytes ?? 64 * 1024 });
  const openByPrincipal = new Map<string, number>();
  /** Counts the socket against its principal until it closes; false when the principal has too many. */
  const admit = (socket: WebSocket, principal: Principal): boolean => {
    const key = principalKeyOf(principal);
    const open = openByPrincipal.get(key) ?? 0;
    if (open >= (options.maxConnectionsPerPrincipal ?? 100)) return false;
    openByPrincipal.set(key, open + 1);
    socket.once('close', () => {
      const left = (openByPrincipal.get(key) ?? 1) - 1;
      if (left > 0) openByPrincipal.set(key, left);
      else openByPrincipal.delete(key);
    });
    return true;
  };
  const disposable = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
      onConnect: async (ctx) => {
        const auth = await authenticator.authenticate(
          authorizationOf({ connectionParams: ctx.connectionParams ?? {} }),
        );
        if (auth.principal) {
          const socket = ctx.extra.socket;
          if (!admit(socket, auth.principal)) {
            socket.close(POLICY_VIOLATION, 'Too many connections');
            return false;
          }
          if (auth.expiresAt) closeAtExpiry(socket, auth.expiresAt);
          // Awaited, so what it records (e.g. presence) holds before connection_ack.
          await onAccepted?.(socket, auth.principal);
          return true;
        }
        // graphql-ws closes 4403 Forbidden on `false`; an unusable token is 4401 Unauthorized.
        if (auth.failure?.code !== 'FORBIDDEN') ctx.extra.socket.close(CloseCode.Unauthorized, 'Unauthorized');
        return false;
      },
      onSubscribe: async (ctx, _id, params) => {
        const enveloped: Enveloped = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          connectionParams: ctx.connectionParams ?? {},
        });
        const { schema, execute, subscribe, contextFactory, parse, validate } = enveloped;
        let document: DocumentNode;
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
    // Keep-alive is the server-wide heartbeat's (socket-heartbeat.ts), not a timer per socket.
    0,
  );
  const heartbeat = startHeartbeat(wss);
  return {
    async close() {
      heartbeat.stop();
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** What the gateway uses of Envelop's functions, which it types `any` (it serves several graphql versions). */
interface Enveloped {
  schema: GraphQLSchema;
  execute: unknown;
  subscribe: unknown;
  contextFactory: () => unknown;
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
}

/** The token's end is the socket's end: closed 4401 at `exp` (graphql-ws #503), like a request with it would be refused. */
function closeAtExpiry(socket: WebSocket, expiresAt: Date): void {
  const arm = (): void => {
    const left = expiresAt.getTime() - Date.now();
    if (left <= 0) return socket.close(TOKEN_EXPIRED.code, TOKEN_EXPIRED.reason);
    timer = setTimeout(arm, Math.min(left, LONGEST_TIMER_MS));
  };
  let timer: NodeJS.Timeout | undefined;
  arm();
  socket.once('close', () => clearTimeout(timer));
}
