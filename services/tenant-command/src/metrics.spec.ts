import { Registry } from 'prom-client';
import type { RelayStatus } from '@tenantry/messaging';
import { conventionViolations, createMetricsRegistry, describeMetrics } from '@tenantry/observability';
import { tenantCommandMetrics } from './metrics';

const status = (published: number, duplicates: number): RelayStatus => ({
  role: 'leader',
  lastPosition: undefined,
  published,
  duplicates,
  skipped: 0,
  lastError: undefined,
});

const valueOf = async (registry: Registry, name: string) =>
  (await registry.getSingleMetric(name)!.get()).values[0]?.value;

describe('tenantCommandMetrics', () => {
  it('declares its metrics by the naming conventions, with their types', async () => {
    const registry = createMetricsRegistry('tenant-command');
    tenantCommandMetrics(registry);
    const metrics = await describeMetrics(registry);
    expect(conventionViolations(metrics)).toEqual([]);
    expect(metrics.filter((metric) => metric.name.startsWith('tenantry_'))).toEqual([
      { name: 'tenantry_commands_total', type: 'counter' },
      { name: 'tenantry_relay_leader', type: 'gauge' },
      { name: 'tenantry_relay_last_publish_timestamp_seconds', type: 'gauge' },
      { name: 'tenantry_relay_published_total', type: 'counter' },
      { name: 'tenantry_relay_duplicates_total', type: 'counter' },
    ]);
  });

  it("counts what the relay's running totals grew by, and starts again when they restart", async () => {
    const registry = new Registry();
    const metrics = tenantCommandMetrics(registry);
    metrics.relayStatus(status(3, 1));
    metrics.relayStatus(status(5, 1));
    expect(await valueOf(registry, 'tenantry_relay_published_total')).toBe(5);
    metrics.relayStatus(status(2, 0)); // a new relay: its totals start at zero
    metrics.relayStatus(status(4, 2));
    expect(await valueOf(registry, 'tenantry_relay_published_total')).toBe(9);
    expect(await valueOf(registry, 'tenantry_relay_duplicates_total')).toBe(3);
    expect(await valueOf(registry, 'tenantry_relay_leader')).toBe(1);
  });
});
