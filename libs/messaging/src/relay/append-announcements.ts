import type { NatsConnection, Subscription } from 'nats';
import type { NatsNames } from '../nats-names';

/** What an event store calls after an append (`announceAppends`): true when the announcement went out. */
export interface AppendAnnouncer {
  /** The connection to announce on, once there is one: until then appends are not announced here. */
  connect(nats: NatsConnection): void;
  announce(): boolean;
}

/**
 * Announces appends on NATS core (`names.appendAnnouncements`, no payload) instead of a
 * PostgreSQL NOTIFY, which costs a transaction per append: the relay, which hears them
 * (`wakeRelayOnAnnouncements`), reads at once. Without a usable connection (before it is
 * made, while it drains) it says so, and the store NOTIFYs as before.
 */
export function natsAppendAnnouncer(names: NatsNames): AppendAnnouncer {
  let connection: NatsConnection | undefined;
  return {
    connect(nats) {
      connection = nats;
    },
    announce() {
      if (!connection || connection.isClosed() || connection.isDraining()) return false;
      connection.publish(names.appendAnnouncements);
      return true;
    },
  };
}

/** Wakes the relay on each announced append; the relay still polls, so a lost one only delays it. */
export function wakeRelayOnAnnouncements(
  nats: NatsConnection,
  names: NatsNames,
  relay: { wake(): void },
): Subscription {
  return nats.subscribe(names.appendAnnouncements, { callback: () => relay.wake() });
}
