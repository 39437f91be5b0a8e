import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48-bit millisecond timestamp, then random bits. Ids sort
 * by creation time, which keeps the events table's unique index compact.
 *
 * The random bits come from `randomUUID`, which draws from a cache of entropy (one
 * `randomFillSync` per 128 ids; `randomBytes(16)` per id cost 1–2% of a busy
 * provisioner): its version-4 layout has 12 random bits where v7 has `rand_a` and
 * the variant and 62 random bits where v7 has `rand_b`.
 */
export function newEventId(now: number = Date.now()): string {
  const random = randomUUID();
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}
