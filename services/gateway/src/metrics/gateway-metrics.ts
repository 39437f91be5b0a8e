import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { NatsConnection } from 'nats';
import type { NatsNames } from '@tenantry/messaging';
import { boundedLabel, createMetricsRegistry } from '@tenantry/observability';
import type { ObservedOperation } from '../graphql/plugins/use-operation-observability';
import type { ObservedRequest } from '../rest/rest-handler';

/** Latency buckets (seconds) for requests answered at the edge. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Distinct client-chosen operation names kept as label values; later ones count as `other`. */
const OPERATION_NAMES_KEPT = 100;

export interface GatewayMetricsSource {
  nats: NatsConnection;
  names: NatsNames;
  openSockets(): number;
}

/** What operators watch on a gateway, served at `/metrics` on METRICS_PORT (the ops server). */
export function gatewayMetrics(source: GatewayMetricsSource) {
  const registry: Registry = createMetricsRegistry('gateway');
  new Gauge({
    name: 'tenantry_gateway_open_sockets',
    help: 'Authenticated WebSocket connections open on this gateway',
    registers: [registry],
    collect() {
      this.set(source.openSockets());
    },
  });
  const delay = new Histogram({
    name: 'tenantry_notification_delay_seconds',
    help: 'From the event (occurredAt) to the notification pushed to a socket',
    labelNames: ['type'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  new Gauge({
    name: 'tenantry_consumer_pending',
    help: 'Messages not yet delivered to, or not yet acknowledged by, the consumer',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      const jsm = await source.nats.jetstreamManager().catch(() => undefined);
      const info = await jsm?.consumers
        .info(source.names.stream, source.names.consumers.projector)
        .catch(() => undefined);
      if (info) this.set({ consumer: 'projector' }, info.num_pending + info.num_ack_pending);
    },
  });
  const operations = new Counter({
    name: 'tenantry_graphql_operations_total',
    help: 'GraphQL operations by root field, type and outcome (ok or error)',
    labelNames: ['operation', 'type', 'outcome'],
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: 'tenantry_graphql_operation_duration_seconds',
    help: `GraphQL operations' execution time by operation name (anonymous without one; after ${OPERATION_NAMES_KEPT} distinct names, other) and type; for a subscription, until it is set up`,
    labelNames: ['operation', 'type'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const operationName = boundedLabel(OPERATION_NAMES_KEPT);
  const requestDuration = new Histogram({
    name: 'tenantry_http_request_duration_seconds',
    help: 'REST requests (/api) by route template, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const emails = new Counter({
    name: 'tenantry_email_fallback_total',
    help: 'Email fallback attempts by outcome (sent, retry, failed)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  return {
    registry,
    notificationPushed: (type: string, occurredAt: Date) =>
      delay.observe({ type }, Math.max(0, (Date.now() - occurredAt.getTime()) / 1000)),
    graphqlOperation({ field, name, type, outcome, seconds }: ObservedOperation) {
      operations.inc({ operation: field, type, outcome });
      operationDuration.observe({ operation: name === 'anonymous' ? name : operationName(name), type }, seconds);
    },
    restRequest: ({ route, method, status, seconds }: ObservedRequest) =>
      requestDuration.observe({ route, method, status: String(status) }, seconds),
    emailOutcome: (outcome: string) => emails.inc({ outcome }),
  };
}
export type GatewayMetrics = ReturnType<typeof gatewayMetrics>;
