import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { ReadinessCheck, createHealthHandler, isHealthPath } from './health';
import { createMetricsHandler } from './metrics';

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The operations port of a worker service: `/healthz`, `/readyz` and `/metrics`
 * (Prometheus). Port 0 picks a free one (tests); the chosen port is logged by the caller.
 */
export async function startOpsServer(options: {
  port: number;
  checks: Record<string, ReadinessCheck>;
  registry: Registry;
}): Promise<OpsServer> {
  const health = createHealthHandler(options.checks);
  const metrics = createMetricsHandler(options.registry);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (isHealthPath(path)) return void health(req, res);
    if (path === '/metrics') return void metrics(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: try /healthz, /readyz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
