import type { StoredEvent } from '@tenantry/event-store';
import { z } from 'zod';
import { Codec, jsonCodec } from './json-codec';

/** A stored event as JSON on the wire: revision as a decimal string, time as ISO 8601. */
export const WireEvent = z.object({
  id: z.string(),
  stream: z.string(),
  type: z.string(),
  revision: z.string().regex(/^\d+$/),
  position: z.string(),
  data: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown()),
  recordedAt: z.iso.datetime({ offset: true }),
});
export type WireEvent = z.infer<typeof WireEvent>;

export const toWireEvent = (event: StoredEvent): WireEvent => ({
  id: event.id,
  stream: event.stream,
  type: event.type,
  revision: event.revision.toString(),
  position: event.position,
  data: event.data,
  metadata: event.metadata,
  recordedAt: event.recordedAt.toISOString(),
});

export const fromWireEvent = (wire: WireEvent): StoredEvent => ({
  ...wire,
  revision: BigInt(wire.revision),
  recordedAt: new Date(wire.recordedAt),
});

const wireCodec = jsonCodec(WireEvent);

/** How the relay encodes events and consumers decode them. */
export const storedEventCodec: Codec<StoredEvent> = {
  encode: (event) => wireCodec.encode(toWireEvent(event)),
  decode: (data) => fromWireEvent(wireCodec.decode(data)),
};
