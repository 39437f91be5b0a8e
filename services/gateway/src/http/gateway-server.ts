import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { isHealthPath } from '@tenantry/observability';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface GatewayHandlers {
  graphql: Handler;
  rest: Handler;
  health: Handler;
  /** Prometheus at `/metrics`; absent, the path falls through like any other. */
  metrics?: Handler;
  /** The console's static build at `/` (every path but /graphql, /api and health); GraphQL's 404 without it. */
  console?: Handler;
}

export const METRICS_PATH = '/metrics';

/** One port: `/healthz`, `/readyz` and `/metrics`, the REST facade under `/api/`, GraphQL (yoga) at `/graphql`, the console for the rest. */
export function createGatewayServer(handlers: GatewayHandlers): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (isHealthPath(path)) return void handlers.health(req, res);
    if (path === METRICS_PATH && handlers.metrics) return void handlers.metrics(req, res);
    if (path === '/api' || path.startsWith('/api/')) return void handlers.rest(req, res);
    if (handlers.console && path !== '/graphql' && !path.startsWith('/graphql/')) return void handlers.console(req, res);
    return void handlers.graphql(req, res);
  });
}
