import type { NatsConnection } from 'nats';
import { natsNames } from '@tenantry/messaging';
import { conventionViolations, describeMetrics } from '@tenantry/observability';
import { gatewayMetrics } from './gateway-metrics';

/** A gateway whose NATS has no JetStream to ask (the consumer's lag is then left out). */
const metricsOf = () =>
  gatewayMetrics({
    nats: { jetstreamManager: () => Promise.reject(new Error('no JetStream')) } as unknown as NatsConnection,
    names: natsNames(),
    openSockets: () => 2,
  });

/** The sample of `name` whose labels include `labels` (in any order), or undefined. */
const sample = (text: string, name: string, labels: Record<string, string>): number | undefined => {
  for (const [, braces, value] of text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
    const found = Object.fromEntries([...braces!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, v]) => found[key] === v)) return Number(value);
  }
  return undefined;
};

describe('gatewayMetrics', () => {
  it('declares its metrics by the naming conventions, with their types', async () => {
    const metrics = metricsOf();
    const described = await describeMetrics(metrics.registry);
    expect(conventionViolations(described)).toEqual([]);
    expect(described.filter((metric) => metric.name.startsWith('tenantry_'))).toEqual([
      { name: 'tenantry_gateway_open_sockets', type: 'gauge' },
      { name: 'tenantry_notification_delay_seconds', type: 'histogram' },
      { name: 'tenantry_consumer_pending', type: 'gauge' },
      { name: 'tenantry_graphql_operations_total', type: 'counter' },
      { name: 'tenantry_graphql_operation_duration_seconds', type: 'histogram' },
      { name: 'tenantry_http_request_duration_seconds', type: 'histogram' },
      { name: 'tenantry_email_fallback_total', type: 'counter' },
    ]);
  });

  it('times GraphQL operations by name (anonymous without one) and type, and REST requests by route template, method and status', async () => {
    const metrics = metricsOf();
    metrics.graphqlOperation({ field: 'tenants', name: 'ListTenants', type: 'query', outcome: 'ok', seconds: 0.02 });
    metrics.graphqlOperation({
      field: 'createTenant',
      name: 'anonymous',
      type: 'mutation',
      outcome: 'error',
      seconds: 0.2,
    });
    metrics.restRequest({ route: '/api/tenants/:id', method: 'GET', status: 404, seconds: 0.01 });
    const text = await metrics.registry.metrics();
    expect(
      sample(text, 'tenantry_graphql_operation_duration_seconds_count', {
        operation: 'ListTenants',
        type: 'query',
        service: 'gateway',
      }),
    ).toBe(1);
    expect(
      sample(text, 'tenantry_graphql_operation_duration_seconds_count', { operation: 'anonymous', type: 'mutation' }),
    ).toBe(1);
    expect(
      sample(text, 'tenantry_graphql_operations_total', {
        operation: 'createTenant',
        type: 'mutation',
        outcome: 'error',
      }),
    ).toBe(1);
    expect(
      sample(text, 'tenantry_http_request_duration_seconds_count', {
        route: '/api/tenants/:id',
        method: 'GET',
        status: '404',
      }),
    ).toBe(1);
  });

  it('keeps the operation label bounded: past the names it keeps, a new name is other', async () => {
    const metrics = metricsOf();
    for (let i = 0; i < 150; i++)
      metrics.graphqlOperation({ field: 'tenants', name: `Query${i}`, type: 'query', outcome: 'ok', seconds: 0.01 });
    const names = new Set(
      [
        ...(await metrics.registry.metrics()).matchAll(
          /^tenantry_graphql_operation_duration_seconds_count\{.*operation="([^"]+)"/gm,
        ),
      ].map((m) => m[1]),
    );
    expect(names.size).toBe(101);
    expect(names).toContain('other');
  });
});
