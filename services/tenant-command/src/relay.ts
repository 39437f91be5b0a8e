import type { Logger } from '@tenantry/config';
import type { EventStore, StoredEvent } from '@tenantry/event-store';
import {
  EventRelay,
  NatsNames,
  RelayStatus,
  ensureTenantEventsStream,
  tenantEventSubject,
  wakeRelayOnAnnouncements,
} from '@tenantry/messaging';
import type { NatsConnection } from 'nats';

/** Store → JetStream: ensures the stream, then relays as leader or waits as standby. */
export async function startTenantEventsRelay(options: {
  store: EventStore;
  /** PostgreSQL holds the relay's checkpoint and leadership lock, whichever the event store. */
  databaseUrl: string;
  nats: NatsConnection;
  names: NatsNames;
  /** Copies of the stream in the NATS cluster (NATS_STREAM_REPLICAS). */
  streamReplicas: number;
  logger: Logger;
  onStatus?: (status: RelayStatus) => void;
  observe?: (events: readonly StoredEvent[]) => void;
}): Promise<EventRelay> {
  await ensureTenantEventsStream(await options.nats.jetstreamManager(), options.names, {
    replicas: options.streamReplicas,
  });
  const relay = new EventRelay({
    name: `tenant-events:${options.names.stream}`,
    store: options.store,
    database: { connectionString: options.databaseUrl },
    js: options.nats.jetstream(),
    subjectFor: tenantEventSubject(options.names),
    logger: options.logger.child({ component: 'relay' }),
    onStatus: options.onStatus,
    observe: options.observe,
  });
  // Appends of other processes (the provisioner's, a standby tenant-command's) are announced on NATS.
  wakeRelayOnAnnouncements(options.nats, options.names, relay);
  await relay.start();
  return relay;
}
