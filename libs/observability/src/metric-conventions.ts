import type { Registry } from 'prom-client';

/** A metric as the registry describes it: its name and Prometheus type. */
export interface MetricDescription {
  name: string;
  type: string;
}

/** Units spelled other than in their base unit (seconds, bytes), and the base unit to use. */
const NON_BASE_UNITS: Array<[RegExp, string]> = [
  [/_(milliseconds|millis|ms|microseconds|us|nanoseconds|ns|minutes|hours|days)(_|$)/, 'seconds'],
  [/_(kilobytes|kb|megabytes|mb|gigabytes|gb|kib|mib|gib)(_|$)/, 'bytes'],
];

/**
 * What breaks Prometheus' naming conventions in these metrics: `_total` on anything but a
 * counter, a counter without `_total`, a doubled word (`process_process_…`), a unit that is
 * not the base unit. Empty when all is well.
 */
export function conventionViolations(metrics: MetricDescription[]): string[] {
  const violations: string[] = [];
  for (const { name, type } of metrics) {
    if (name.endsWith('_total') && type !== 'counter')
      violations.push(`${name}: a ${type} named _total (only counters are)`);
    if (type === 'counter' && !name.endsWith('_total')) violations.push(`${name}: a counter not named _total`);
    const words = name.split('_');
    if (words.some((word, i) => i > 0 && word === words[i - 1])) violations.push(`${name}: a doubled word`);
    for (const [pattern, base] of NON_BASE_UNITS) if (pattern.test(name)) violations.push(`${name}: not in ${base}`);
  }
  return violations;
}

/** The registry's metrics, names and types, as a scrape would show them. */
export async function describeMetrics(registry: Registry): Promise<MetricDescription[]> {
  const metrics = await registry.getMetricsAsJSON();
  return metrics.map((metric) => ({ name: metric.name, type: String(metric.type) }));
}

/**
 * A label whose values come from clients (e.g. GraphQL operation names), kept bounded:
 * the first `limit` distinct values that look like names are kept as they are; anything
 * else, or any later new value, becomes `other`.
 */
export function boundedLabel(limit: number, pattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (!pattern.test(value) || seen.size >= limit) return 'other';
    seen.add(value);
    return value;
  };
}
