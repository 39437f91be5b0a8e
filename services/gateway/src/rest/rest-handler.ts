import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { inSpan, SpanKind } from '@tenantry/observability';
import type { Authenticator } from '../auth';
import { requirePrincipal } from '../auth';
import type { GatewayServices } from '../graphql/context';
import { EdgeError, loggableError, toProblem } from '../errors';
import { headerValue, sendProblem } from './http-io';
import { Route, TENANT_ROUTES } from './tenant-routes';
import { createApiDocsHandler, DOCS_PATH, isApiDocsPath } from './api-docs';
import { OPENAPI_PATH, openApiDocument } from './openapi';
import { isStorableText } from '@tenantry/tenant-domain';

export interface RestOptions {
  services: GatewayServices;
  authenticator: Authenticator;
  logger: Logger;
  routes?: Route[];
  /** Sees every request answered, e.g. for a latency histogram. */
  onRequest?: RequestObserver;
}

/** A request answered: its route template (`/api/tenants/:id`; `unmatched` when none), method, status and duration. */
export interface ObservedRequest {
  route: string;
  method: string;
  status: number;
  seconds: number;
}
export type RequestObserver = (request: ObservedRequest) => void;

/** Methods kept as label values; anything else is `other`. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** `/api/tenants/{id}` (OpenAPI) → `/api/tenants/:id` (the label's spelling). */
export const routeTemplate = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * Routes `/api/*`; every failure leaves as application/problem+json from the shared code
 * table. `/api/openapi.json` describes the routes, `/api/docs` shows it (Swagger UI).
 */
export function createRestHandler(options: RestOptions) {
  const routes = options.routes ?? TENANT_ROUTES;
  const docs = createApiDocsHandler(() => openApiDocument(routes));
  const observe = options.onRequest ?? (() => undefined);
  const templateOf = (pathname: string): string => {
    if (pathname === OPENAPI_PATH) return OPENAPI_PATH;
    if (isApiDocsPath(pathname)) return DOCS_PATH;
    const route = routes.find((r) => r.pattern.test(pathname));
    return route ? routeTemplate(route.path) : 'unmatched';
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const start = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://gateway');
    try {
      await answer(req, res, url);
    } finally {
      const method = KNOWN_METHODS.has(req.method ?? '') ? req.method! : 'other';
      observe({
        route: templateOf(url.pathname),
        method,
        status: res.statusCode,
        seconds: Number(process.hrtime.bigint() - start) / 1e9,
      });
    }
  };

  async function answer(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (isApiDocsPath(url.pathname)) return docs(req, res, url.pathname);
    const correlationId = headerValue(req, 'x-correlation-id') ?? randomUUID();
    try {
      const matching = routes.filter((route) => route.pattern.test(url.pathname));
      if (matching.length === 0) throw new EdgeError('NOT_FOUND', `No resource at ${url.pathname}`);
      const route = matching.find((r) => r.method === req.method);
      if (!route) {
        res.setHeader('allow', matching.map((r) => r.method).join(', '));
        throw new EdgeError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}`);
      }
      const auth = await options.authenticator.authenticate(headerValue(req, 'authorization'));
      const principal = requirePrincipal(auth);
      const params = { id: pathSegment(route.pattern.exec(url.pathname)?.groups?.['id']) };
      // In a span (continuing the caller's traceparent): the command it sends carries the trace.
      await inSpan(
        `REST ${route.method} ${routeName(url.pathname)}`,
        req.headers,
        () =>
          route.handle({
            req,
            res,
            principal,
            params,
            query: url.searchParams,
            services: options.services,
            correlationId,
          }),
        SpanKind.SERVER,
      );
    } catch (error) {
      const problem = toProblem(error, (unexpected) =>
        options.logger.error({ err: loggableError(unexpected), correlationId }, 'unexpected error in a REST request'),
      );
      const headers: Record<string, string> = problem.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
      if (problem.retryAfterSeconds !== undefined) headers['retry-after'] = String(problem.retryAfterSeconds);
      sendProblem(res, problem, headers);
    }
  }
}

/** A decoded path segment; one that is not UTF-8 or holds a NUL names nothing (404). */
function pathSegment(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new EdgeError('NOT_FOUND', 'No resource at this path');
  }
  if (!isStorableText(decoded)) throw new EdgeError('NOT_FOUND', 'No resource at this path');
  return decoded || undefined;
}

/** The path with ids taken out, so span names stay few. */
const routeName = (path: string): string => path.replace(/^\/api\/tenants\/[^/]+/, '/api/tenants/:id');
