import { createHmac } from 'node:crypto';

/**
 * A request sent with an idempotency key. Its events get ids derived from the key, so
 * the event store itself refuses a second append of the request (`DuplicateEventId`),
 * in the append's own round trip: no claim is written before acting. The request's
 * hash travels in the events' metadata, to tell a repeat from a key reused for another
 * request.
 */
export interface KeyedRequest {
  requestHash: string;
  eventIdOf(index: number): string;
}

/**
 * The key's event ids: an HMAC of the principal, the key and the event's index, laid out
 * as an RFC 9562 UUID of version 8 (custom). Keyed by the secret, so neither the key nor
 * another principal's ids can be read from or guessed for an id.
 */
export function keyedRequest(secret: string, principal: string, key: string, requestHash: string): KeyedRequest {
  const ids = new Map<number, string>();
  return {
    requestHash,
    eventIdOf(index) {
      let id = ids.get(index);
      if (id === undefined) {
        id = derivedUuid(createHmac('sha256', secret).update(`${principal}\0${key}\0${index}`).digest());
        ids.set(index, id);
      }
      return id;
    },
  };
}

function derivedUuid(digest: Buffer): string {
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
