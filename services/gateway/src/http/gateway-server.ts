import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { isHealthPath } from './health';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface GatewayHandlers {
  graphql: Handler;
  rest: Handler;
  health: Handler;
  /** The console's static build at `/` (every path but /graphql, /api and health); GraphQL's 404 without it. */
  console?: Handler;
}

/** One port: `/healthz` and `/readyz`, the REST facade under `/api/`, GraphQL (yoga) at `/graphql`, the console for the rest. */
export function createGatewayServer(handlers: GatewayHandlers): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (isHealthPath(path)) return void handlers.health(req, res);
    if (path === '/api' || path.startsWith('/api/')) return void handlers.rest(req, res);
    if (handlers.console && path !== '/graphql' && !path.startsWith('/graphql/')) return void handlers.console(req, res);
    return void handlers.graphql(req, res);
  });
}
