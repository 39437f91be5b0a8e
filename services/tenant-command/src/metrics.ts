import { Counter, Gauge, Registry } from 'prom-client';
import type { RelayStatus } from '@tenantry/messaging';

/** Commands answered and the relay's state (see deploy/prometheus/alerts.yaml). */
export function tenantCommandMetrics(registry: Registry) {
  const commands = new Counter({ name: 'tenantry_commands_total', help: 'Commands answered, by command and outcome code', labelNames: ['command', 'outcome'], registers: [registry] });
  const leader = new Gauge({ name: 'tenantry_relay_leader', help: '1 while this process is the active relay', registers: [registry] });
  const lastPublish = new Gauge({ name: 'tenantry_relay_last_publish_timestamp_seconds', help: 'When the relay last published an event', registers: [registry] });
  const published = new Gauge({ name: 'tenantry_relay_published_total', help: 'Events the stream stored from this relay', registers: [registry] });
  const duplicates = new Gauge({ name: 'tenantry_relay_duplicates_total', help: 'Re-published events the stream dropped (Nats-Msg-Id)', registers: [registry] });
  let lastPublished = 0;
  return {
    commandAnswered: (command: string, outcome: string) => commands.inc({ command, outcome }),
    relayStatus(status: RelayStatus) {
      leader.set(status.role === 'leader' ? 1 : 0);
      if (status.published + status.duplicates > lastPublished) {
        lastPublished = status.published + status.duplicates;
        lastPublish.setToCurrentTime();
      }
      published.set(status.published);
      duplicates.set(status.duplicates);
    },
  };
}
export type TenantCommandMetrics = ReturnType<typeof tenantCommandMetrics>;
