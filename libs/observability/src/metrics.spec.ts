import { Counter, Gauge, Registry } from 'prom-client';
import { boundedLabel, conventionViolations, createMetricsRegistry, describeMetrics } from './index';

describe('createMetricsRegistry', () => {
  it("serves Node's default metrics under their standard names, labelled with the service", async () => {
    const registry = createMetricsRegistry('example');
    const names = (await describeMetrics(registry)).map((metric) => metric.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_heap_size_used_bytes',
        'nodejs_active_handles',
      ]),
    );
    expect(names.filter((name) => /process_process|^tenantry_process_|^tenantry_nodejs_/.test(name))).toEqual([]);
    expect(await registry.metrics()).toMatch(/^process_cpu_seconds_total\{service="example"\} /m);
  });

  it('follows the naming conventions: _total only on counters, base units, no doubled prefix', async () => {
    expect(conventionViolations(await describeMetrics(createMetricsRegistry('example')))).toEqual([]);
  });
});

describe('conventionViolations', () => {
  it('names a gauge called _total, a counter without it, a doubled word and a unit that is not the base one', async () => {
    const registry = new Registry();
    new Gauge({ name: 'app_things_total', help: 'h', registers: [registry] });
    new Counter({ name: 'app_things', help: 'h', registers: [registry] });
    new Gauge({ name: 'app_process_process_open_fds', help: 'h', registers: [registry] });
    new Gauge({ name: 'app_latency_ms', help: 'h', registers: [registry] });
    new Gauge({ name: 'app_payload_kilobytes', help: 'h', registers: [registry] });
    expect(conventionViolations(await describeMetrics(registry))).toEqual([
      'app_things_total: a gauge named _total (only counters are)',
      'app_things: a counter not named _total',
      'app_process_process_open_fds: a doubled word',
      'app_latency_ms: not in seconds',
      'app_payload_kilobytes: not in bytes',
    ]);
  });
});

describe('boundedLabel', () => {
  it('keeps the first distinct names, then answers other; odd values are other at once', () => {
    const label = boundedLabel(2);
    expect(['ListTenants', 'CreateTenant', 'ListTenants', 'Third', 'CreateTenant'].map(label)).toEqual([
      'ListTenants',
      'CreateTenant',
      'ListTenants',
      'other',
      'CreateTenant',
    ]);
    expect(boundedLabel(5)('not a name')).toBe('other');
    expect(boundedLabel(5)('x'.repeat(65))).toBe('other');
  });
});
