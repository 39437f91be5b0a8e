import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { OPENAPI_PATH } from './openapi';

export const DOCS_PATH = '/api/docs';

/** Swagger UI's files, from the swagger-ui-dist package (never a CDN). */
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const SWAGGER_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Tenantry REST API</title>
    <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png" />
    <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${DOCS_PATH}/init.js"></script>
  </body>
</html>
`;

/** No inline script (the CSP allows 'self' only): the page loads this. No validator badge (it calls swagger.io). */
const INIT = `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_PATH)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

export const isApiDocsPath = (path: string): boolean =>
  path === OPENAPI_PATH || path === DOCS_PATH || path.startsWith(`${DOCS_PATH}/`);

/**
 * `/api/openapi.json` and the Swagger UI page at `/api/docs` (its files under it), for
 * anyone: the contract is public, calls from the page carry the token it is given.
 */
export function createApiDocsHandler(document: () => Record<string, unknown>) {
  let json: string | undefined;
  return (req: IncomingMessage, res: ServerResponse, path: string): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(req, res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed', { allow: 'GET, HEAD' });
    if (path === OPENAPI_PATH) return send(req, res, 200, 'application/json', (json ??= JSON.stringify(document())));
    if (path === DOCS_PATH || path === `${DOCS_PATH}/`) return send(req, res, 200, 'text/html; charset=utf-8', PAGE);
    const file = path.slice(DOCS_PATH.length + 1);
    if (file === 'init.js') return send(req, res, 200, 'text/javascript; charset=utf-8', INIT);
    const type = SWAGGER_FILES[file];
    if (!type) return send(req, res, 404, 'text/plain; charset=utf-8', 'Not Found');
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=3600' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(join(SWAGGER_UI_DIR, file))
      .on('error', () => res.destroy())
      .pipe(res);
  };
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache', ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}
