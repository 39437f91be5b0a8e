import { parser } from '@prometheus-io/lezer-promql';
import { declaredMetricNames, readText, readYaml } from './deploy-files';

const rules = readYaml('deploy', 'prometheus', 'alerts.yaml');
const alerts: any[] = rules.groups.flatMap((group: any) => group.rules);
const runbook = readText('docs', 'runbook.md');

/** The metric names the services expose (the lead's list), without histogram suffixes. */
const EXPECTED_METRICS = [
  'tenantry_jobs_total',
  'tenantry_job_step_duration_seconds',
  'tenantry_jobs_in_progress',
  'tenantry_consumer_pending',
  'tenantry_consumer_redelivered_pending',
  'tenantry_relay_leader',
  'tenantry_relay_last_publish_timestamp_seconds',
  'tenantry_gateway_open_sockets',
  'tenantry_notification_delay_seconds',
  'tenantry_operations_oldest_pending_seconds',
  'tenantry_commands_total',
  'tenantry_relay_published_total',
  'tenantry_relay_duplicates_total',
  'tenantry_graphql_operations_total',
  'tenantry_graphql_operation_duration_seconds',
  'tenantry_http_request_duration_seconds',
  'tenantry_email_fallback_total',
];

/** Where the PromQL parser flagged an error, or undefined when the expression parses. */
function syntaxErrorIn(expr: string): string | undefined {
  let error: string | undefined;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError && error === undefined)
        error = `at ${node.from}: …${expr.slice(Math.max(0, node.from - 20), node.from + 20)}…`;
    },
  });
  return error;
}

const metricsIn = (expr: string): string[] =>
  [...expr.matchAll(/\b(tenantry_[a-z_]+)\b/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ''));

/** GitHub's anchor for a Markdown heading. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');
const runbookAnchors = new Set([...runbook.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));

describe('deploy/prometheus/alerts.yaml', () => {
  it('is a rule file: named groups of rules', () => {
    expect(Object.keys(rules)).toEqual(['groups']);
    const names = rules.groups.map((group: any) => group.name);
    expect(new Set(names).size).toBe(names.length);
    for (const group of rules.groups) expect(group.rules.length).toBeGreaterThan(0);
  });

  it('alerts on stuck operations, failure rate, consumer lag, redeliveries, the relay and the gateway sockets', () => {
    const covered = alerts.map((alert) => alert.alert);
    expect(covered).toEqual(
      expect.arrayContaining([
        'TenantryOperationsStuckQueued',
        'TenantryOperationsStuckRunning',
        'TenantryJobFailureRateHigh',
        'TenantryConsumerLagHigh',
        'TenantryRedeliverySpike',
        'TenantryRelayNoLeader',
        'TenantryRelayStalled',
        'TenantryGatewaySocketsDropped',
      ]),
    );
    expect(new Set(covered).size).toBe(covered.length);
  });

  describe.each(alerts.map((alert) => [alert.alert, alert]))('%s', (name, alert) => {
    it('has only the fields Prometheus reads, a duration and a severity', () => {
      expect(Object.keys(alert).sort()).toEqual(['alert', 'annotations', 'expr', 'for', 'labels']);
      expect(name).toMatch(/^Tenantry[A-Z][A-Za-z]+$/);
      expect(alert.for).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical']).toContain(alert.labels.severity);
      expect(Object.keys(alert.annotations).sort()).toEqual(['description', 'runbook_url', 'summary']);
    });

    it('is valid PromQL', () => {
      expect(typeof alert.expr).toBe('string');
      expect(syntaxErrorIn(alert.expr)).toBeUndefined();
    });

    it('reads only metrics the services declare', () => {
      const declared = declaredMetricNames();
      const used = metricsIn(alert.expr);
      for (const metric of used) {
        expect(EXPECTED_METRICS).toContain(metric);
        expect(declared).toContain(metric);
      }
      if (used.length === 0) expect(alert.expr).toMatch(/\bup\{job=~"tenantry-\.\*"\}/);
    });

    it('links to its section of docs/runbook.md, which says what it means, how to check and what to do', () => {
      const anchor = name.toLowerCase();
      expect(alert.annotations.runbook_url).toBe(`docs/runbook.md#${anchor}`);
      expect(runbookAnchors).toContain(anchor);
      const section = runbook.split(/^### /m).find((s) => s.startsWith(`${name}\n`))!;
      for (const part of ['**Means.**', '**Check.**', '**Do.**']) expect(section).toContain(part);
    });
  });

  it('has no runbook section without an alert, and internal runbook links land on a heading', () => {
    const sections = [...runbook.matchAll(/^### (\S+)$/gm)].map((m) => m[1]);
    expect(sections.sort()).toEqual(alerts.map((alert) => alert.alert).sort());
    for (const [, target] of runbook.matchAll(/\]\(#([^)]+)\)/g)) expect(runbookAnchors).toContain(target);
  });

  it('catches a broken expression (the check above is not vacuous)', () => {
    expect(syntaxErrorIn('sum by (le (rate(tenantry_jobs_total[5m]))')).toBeDefined();
  });
});
