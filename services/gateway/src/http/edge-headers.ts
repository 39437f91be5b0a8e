import type { IncomingMessage, ServerResponse } from 'node:http';

export interface EdgeHeaderPolicy {
  /** Origins allowed to call /graphql and /api from a browser (CORS_ORIGINS); none by default. */
  corsOrigins: readonly string[];
  /** Strict-Transport-Security (production: the gateway runs behind TLS). */
  hsts: boolean;
}

/** Every response: the console and the API load nothing from elsewhere and are never framed. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";
/**
 * GraphiQL (development only): its files come from the gateway too; its editor's icon
 * fonts are data: URLs and it styles itself at run time. Still never framed.
 */
const GRAPHIQL_POLICY =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; " +
  "base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";
/** Swagger UI at /api/docs: its scripts are the gateway's files; its icons are data: SVGs. */
const API_DOCS_POLICY = `${CONTENT_SECURITY_POLICY}; img-src 'self' data:`;
const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'authorization, content-type, x-correlation-id, idempotency-key, traceparent';
const EXPOSED_HEADERS = 'location, retry-after, x-correlation-id';

/**
 * Sets the security headers and, for an allowed origin, the CORS ones. Answers a CORS
 * preflight itself (true: the response is finished).
 */
export function applyEdgeHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  policy: EdgeHeaderPolicy,
): boolean {
  res.setHeader(
    'content-security-policy',
    isGraphiQL(req, path) ? GRAPHIQL_POLICY : isApiDocsPage(path) ? API_DOCS_POLICY : CONTENT_SECURITY_POLICY,
  );
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  if (policy.hsts) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
  if (!isApiPath(path)) return false;
  res.setHeader('vary', 'Origin');
  const origin = req.headers.origin;
  const allowed = origin !== undefined && policy.corsOrigins.includes(origin);
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  }
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  if (allowed) {
    res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
    res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(204).end();
  return true;
}

const isApiPath = (path: string) =>
  path === '/graphql' || path === '/api' || path.startsWith('/api/') || path.startsWith('/graphql/');
const isApiDocsPage = (path: string) => path === '/api/docs' || path === '/api/docs/';
const isGraphiQL = (req: IncomingMessage, path: string) =>
  path === '/graphql' && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
