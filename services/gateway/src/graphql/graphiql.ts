import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/** GraphiQL's files (development only), served by the gateway from @graphql-yoga/render-graphiql: no CDN. */
export const GRAPHIQL_ASSETS_PATH = '/graphql/graphiql';

type Bundle = typeof import('@graphql-yoga/render-graphiql/graphiql');
let bundle: Bundle | undefined;
/** 9 MB of script: read when GraphiQL is first asked for, never in production. */
const graphiqlBundle = (): Bundle =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, synchronously: an import would load it at start
  (bundle ??= require('@graphql-yoga/render-graphiql/graphiql') as Bundle);

const WORKERS: Record<string, keyof Bundle> = {
  editorWorkerService: 'editorWorkerService',
  json: 'jsonWorker',
  graphql: 'graphqlWorker',
};

/** No inline script (the page's CSP allows 'self' only): the page loads this after the bundle. */
const INIT = `self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: function (moduleId, label) {
    return ${JSON.stringify(GRAPHIQL_ASSETS_PATH)} + '/' + (${JSON.stringify(Object.keys(WORKERS))}.indexOf(label) >= 0 ? label : 'editorWorkerService') + '.worker.js';
  },
};
YogaGraphiQL.renderYogaGraphiQL(
  document.querySelector('#root'),
  JSON.parse(document.getElementById('graphiql-options').textContent),
);
`;

const JAVASCRIPT = 'text/javascript; charset=utf-8';

function asset(name: string): { type: string; body: string | Uint8Array<ArrayBuffer> } | undefined {
  if (name === 'init.js') return { type: JAVASCRIPT, body: INIT };
  if (name === 'graphiql.js') return { type: JAVASCRIPT, body: graphiqlBundle().js };
  if (name === 'graphiql.css') return { type: 'text/css; charset=utf-8', body: graphiqlBundle().css };
  if (name === 'favicon.ico')
    return {
      type: 'image/x-icon',
      body: new Uint8Array(Buffer.from(graphiqlBundle().favicon.replace(/^data:[^,]*;base64,/, ''), 'base64')),
    };
  const worker = /^(\w+)\.worker\.js$/.exec(name)?.[1];
  if (worker && Object.hasOwn(WORKERS, worker)) return { type: JAVASCRIPT, body: graphiqlBundle()[WORKERS[worker]!] };
  return undefined;
}

/** GraphiQL's page: the options as data, the UI from the gateway's own files. */
export function renderGraphiQL(options: GraphiQLOptions): string {
  const data = JSON.stringify(options).replace(/</g, '\\u003c');
  const title = (options.title ?? 'Tenantry GraphiQL').replace(/[<&"]/g, '');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <link rel="icon" href="${GRAPHIQL_ASSETS_PATH}/favicon.ico" />
    <link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}/graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script type="application/json" id="graphiql-options">${data}</script>
    <script src="${GRAPHIQL_ASSETS_PATH}/graphiql.js"></script>
    <script src="${GRAPHIQL_ASSETS_PATH}/init.js"></script>
  </body>
</html>
`;
}

/** Serves GraphiQL's files under GRAPHIQL_ASSETS_PATH (only added when GraphiQL is on). */
export function useGraphiQLAssets(): Plugin {
  return {
    onRequest(payload) {
      const { url, request, fetchAPI } = payload;
      if (!url.pathname.startsWith(`${GRAPHIQL_ASSETS_PATH}/`)) return;
      const found =
        request.method === 'GET' || request.method === 'HEAD'
          ? asset(url.pathname.slice(GRAPHIQL_ASSETS_PATH.length + 1))
          : undefined;
      payload.endResponse(
        found
          ? new fetchAPI.Response(request.method === 'HEAD' ? null : found.body, {
              headers: { 'content-type': found.type, 'cache-control': 'no-cache' },
            })
          : new fetchAPI.Response('Not Found', {
              status: 404,
              headers: { 'content-type': 'text/plain; charset=utf-8' },
            }),
      );
    },
  };
}
