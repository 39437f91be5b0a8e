import type { StoredEvent } from '@tenantry/event-store';
import type { JetStreamClient } from 'nats';
import { eventHeaders } from '../codec/event-headers';
import { storedEventCodec } from '../codec/event-codec';

export interface PublishOutcome {
  stored: number;
  duplicates: number;
  skipped: number;
}

/**
 * Publishes events in order, pipelined: all publishes are written before any PubAck is
 * awaited, and the connection keeps their order. `Nats-Msg-Id` is the event id, so a
 * re-publish within the duplicate window is acknowledged as a duplicate and not stored.
 */
export async function publishEvents(
  js: JetStreamClient,
  events: StoredEvent[],
  subjectFor: (event: StoredEvent) => string | undefined,
  timeoutMs?: number,
): Promise<PublishOutcome> {
  let skipped = 0;
  const acks = events.flatMap((event) => {
    const subject = subjectFor(event);
    if (subject === undefined) {
      skipped++;
      return [];
    }
    const payload = storedEventCodec.encode(event);
    return [js.publish(subject, payload, { msgID: event.id, headers: eventHeaders(event), timeout: timeoutMs })];
  });
  const settled = await Promise.allSettled(acks);
  const failed = settled.find((ack): ack is PromiseRejectedResult => ack.status === 'rejected');
  if (failed) throw failed.reason;
  const duplicates = settled.filter((ack) => ack.status === 'fulfilled' && ack.value.duplicate).length;
  return { stored: acks.length - duplicates, duplicates, skipped };
}
