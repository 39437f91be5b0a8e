import { Counter, Gauge, Registry } from 'prom-client';
import type { RelayStatus } from '@tenantry/messaging';

/** Commands answered and the relay's state (see deploy/prometheus/alerts.yaml). */
export function tenantCommandMetrics(registry: Registry) {
  const commands = new Counter({
    name: 'tenantry_commands_total',
    help: 'Commands answered, by command and outcome code',
    labelNames: ['command', 'outcome'],
    registers: [registry],
  });
  const leader = new Gauge({
    name: 'tenantry_relay_leader',
    help: '1 while this process is the active relay',
    registers: [registry],
  });
  const lastPublish = new Gauge({
    name: 'tenantry_relay_last_publish_timestamp_seconds',
    help: 'When the relay last published an event',
    registers: [registry],
  });
  const published = new Counter({
    name: 'tenantry_relay_published_total',
    help: 'Events the stream stored from this relay',
    registers: [registry],
  });
  const duplicates = new Counter({
    name: 'tenantry_relay_duplicates_total',
    help: 'Re-published events the stream dropped (Nats-Msg-Id)',
    registers: [registry],
  });
  // The relay's status holds running totals; the counters take what they grew by (all of
  // a total smaller than the last: a new relay counting from zero).
  const counted = { published: 0, duplicates: 0 };
  const advance = (counter: Counter, key: keyof typeof counted, total: number): number => {
    const grown = total >= counted[key] ? total - counted[key] : total;
    if (grown > 0) counter.inc(grown);
    counted[key] = total;
    return grown;
  };
  return {
    commandAnswered: (command: string, outcome: string) => commands.inc({ command, outcome }),
    relayStatus: (status: RelayStatus) => {
      leader.set(status.role === 'leader' ? 1 : 0);
      const grown =
        advance(published, 'published', status.published) + advance(duplicates, 'duplicates', status.duplicates);
      if (grown > 0) lastPublish.setToCurrentTime();
    },
  };
}
export type TenantCommandMetrics = ReturnType<typeof tenantCommandMetrics>;
