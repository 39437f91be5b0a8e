import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JetStreamManager } from 'nats';
import type { NatsNames } from '@tenantry/messaging';

/** What operators watch on a provisioner (see deploy/prometheus/alerts.yaml). */
export function provisionerMetrics(
  registry: Registry,
  source: { jsm: JetStreamManager; names: NatsNames; running(): number; oldestQueuedAt(): number | undefined },
) {
  const jobs = new Counter({
    name: 'tenantry_jobs_total',
    help: 'Jobs finished, by kind and outcome',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  const stepDuration = new Histogram({
    name: 'tenantry_job_step_duration_seconds',
    help: 'Duration of each provisioning step, by step (bounded: the provisioning steps)',
    labelNames: ['step'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'tenantry_jobs_in_progress',
    help: 'Jobs running in this process',
    registers: [registry],
    collect() {
      this.set(source.running());
    },
  });
  new Gauge({
    name: 'tenantry_operations_oldest_pending_seconds',
    help: 'Age of the oldest job queued in this process',
    registers: [registry],
    collect() {
      const oldest = source.oldestQueuedAt();
      this.set(oldest === undefined ? 0 : (Date.now() - oldest) / 1000);
    },
  });
  const consumerInfo = () => source.jsm.consumers.info(source.names.stream, source.names.consumers.provisioner);
  new Gauge({
    name: 'tenantry_consumer_pending',
    help: 'Messages not yet delivered to the consumer',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      const info = await consumerInfo().catch(() => undefined);
      if (info) this.set({ consumer: 'provisioner' }, info.num_pending + info.num_ack_pending);
    },
  });
  // JetStream's num_redelivered: unacknowledged messages delivered more than once (a level, not a count of redeliveries).
  new Gauge({
    name: 'tenantry_consumer_redelivered_pending',
    help: 'Messages awaiting acknowledgement that JetStream has delivered more than once (consumer-wide)',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      const info = await consumerInfo().catch(() => undefined);
      if (info) this.set({ consumer: 'provisioner' }, info.num_redelivered);
    },
  });
  return {
    jobFinished: (kind: string, outcome: string) => jobs.inc({ kind, outcome }),
    stepFinished: (step: string, seconds: number) => stepDuration.observe({ step }, seconds),
  };
}
export type ProvisionerMetrics = ReturnType<typeof provisionerMetrics>;
