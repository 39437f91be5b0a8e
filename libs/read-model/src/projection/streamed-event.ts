import { storedEventCodec } from '@tenantry/messaging';
import { TenantEvent, toTenantEvent } from '@tenantry/tenant-domain';
import type { JsMsg } from 'nats';

/** A tenant event as it came off the stream. */
export interface StreamedEvent {
  /** JetStream stream sequence: what the checkpoint counts. */
  streamSequence: number;
  eventId: string;
  /** 0-based revision in the tenant's event stream. */
  revision: number;
  /** Where the event sits in the event store's global log (its adapter's opaque position). */
  position: string;
  event: TenantEvent;
}

/** A tenant's events from the event store (the source of truth), oldest first. */
export type TenantEventsLoader = (tenantId: string) => Promise<Array<Omit<StreamedEvent, 'streamSequence'>>>;

/** Decodes a relay message (see libs/messaging's codec); throws when it is not a tenant event. */
export function decodeStreamedEvent(message: Pick<JsMsg, 'data' | 'seq'>): StreamedEvent {
  const stored = storedEventCodec.decode(message.data);
  return {
    streamSequence: message.seq,
    eventId: stored.id,
    revision: Number(stored.revision),
    position: stored.position,
    event: toTenantEvent(stored),
  };
}
