import type { IncomingMessage, ServerResponse } from 'node:http';
import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * prom-client's gauges named `_total` (the same counts, by type, are in `nodejs_active_handles`,
 * `nodejs_active_requests` and `nodejs_active_resources`): `_total` is for counters only.
 */
const DEFAULT_GAUGES_NAMED_TOTAL = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * A registry per service, with a `service` label on everything and Node's default metrics
 * under their standard names (`process_cpu_seconds_total`, `nodejs_heap_size_used_bytes`…),
 * unprefixed, as the client libraries name them and the usual dashboards expect.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  for (const name of DEFAULT_GAUGES_NAMED_TOTAL) registry.removeSingleMetric(name);
  return registry;
}

export function createMetricsHandler(registry: Registry) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(body);
    } catch {
      res.writeHead(500).end();
    }
  };
}
