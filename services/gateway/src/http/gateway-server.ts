import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { isHealthPath } from '@tenantry/observability';
import { applyEdgeHeaders, EdgeHeaderPolicy } from './edge-headers';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface GatewayHandlers {
  graphql: Handler;
  rest: Handler;
  health: Handler;
  /** The console's static build at `/` (every path but /graphql, /api and health); GraphQL's 404 without it. */
  console?: Handler;
}

/** Served by the ops server; answered 404 here rather than by the console's index page. */
const OPS_ONLY_PATH = '/metrics';

/** What the public port allows by default: no cross-origin caller, no HSTS (development). */
export const SAME_ORIGIN_ONLY: EdgeHeaderPolicy = { corsOrigins: [], hsts: false };

/**
 * The public port: `/healthz` and `/readyz`, the REST facade under `/api/`, GraphQL (yoga)
 * at `/graphql`, the console for the rest. `/metrics` is not here: it is served on
 * METRICS_PORT only (the ops server), like the other services'.
 */
export function createGatewayServer(handlers: GatewayHandlers, policy: EdgeHeaderPolicy = SAME_ORIGIN_ONLY): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (applyEdgeHeaders(req, res, path, policy)) return;
    if (isHealthPath(path)) return void handlers.health(req, res);
    if (path === OPS_ONLY_PATH)
      return void res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('Not found: /metrics is served on METRICS_PORT\n');
    if (path === '/api' || path.startsWith('/api/')) return void handlers.rest(req, res);
    if (handlers.console && path !== '/graphql' && !path.startsWith('/graphql/'))
      return void handlers.console(req, res);
    return void handlers.graphql(req, res);
  });
}
