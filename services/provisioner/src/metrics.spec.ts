import type { JetStreamManager } from 'nats';
import { natsNames } from '@tenantry/messaging';
import { conventionViolations, createMetricsRegistry, describeMetrics } from '@tenantry/observability';
import { provisionerMetrics } from './metrics';

/** JetStream as the consumer's info reports it. */
const jetStream = (info: { num_pending: number; num_ack_pending: number; num_redelivered: number }) =>
  ({ consumers: { info: async () => info } }) as unknown as JetStreamManager;

describe('provisionerMetrics', () => {
  it('declares its metrics by the naming conventions, with their types', async () => {
    const registry = createMetricsRegistry('provisioner');
    const metrics = provisionerMetrics(registry, {
      jsm: jetStream({ num_pending: 2, num_ack_pending: 1, num_redelivered: 1 }),
      names: natsNames(),
      running: () => 1,
      oldestQueuedAt: () => undefined,
    });
    metrics.stepFinished('RUNNING_MIGRATIONS', 0.3);
    metrics.jobFinished('CREATE', 'succeeded');
    const described = await describeMetrics(registry);
    expect(conventionViolations(described)).toEqual([]);
    expect(described.filter((metric) => metric.name.startsWith('tenantry_'))).toEqual([
      { name: 'tenantry_jobs_total', type: 'counter' },
      { name: 'tenantry_job_step_duration_seconds', type: 'histogram' },
      { name: 'tenantry_jobs_in_progress', type: 'gauge' },
      { name: 'tenantry_operations_oldest_pending_seconds', type: 'gauge' },
      { name: 'tenantry_consumer_pending', type: 'gauge' },
      { name: 'tenantry_consumer_redelivered_pending', type: 'gauge' },
    ]);
    const text = await registry.metrics();
    expect(text).toMatch(
      /^tenantry_job_step_duration_seconds_count\{service="provisioner",step="RUNNING_MIGRATIONS"\} 1$/m,
    );
    expect(text).toMatch(/^tenantry_consumer_pending\{consumer="provisioner",service="provisioner"\} 3$/m);
    expect(text).toMatch(/^tenantry_consumer_redelivered_pending\{consumer="provisioner",service="provisioner"\} 1$/m);
  });
});
