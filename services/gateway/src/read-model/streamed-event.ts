import { storedEventCodec } from '@tenantry/messaging';
import { toTenantEvent } from '@tenantry/tenant-domain';
import type { JsMsg } from 'nats';
import type { StreamedEvent } from './apply-batch';

/** Decodes a relay message (see libs/messaging's codec); throws when it is not a tenant event. */
export function decodeStreamedEvent(message: Pick<JsMsg, 'data' | 'seq'>): StreamedEvent {
  const stored = storedEventCodec.decode(message.data);
  return {
    streamSequence: message.seq,
    eventId: stored.id,
    revision: Number(stored.revision),
    event: toTenantEvent(stored),
  };
}
