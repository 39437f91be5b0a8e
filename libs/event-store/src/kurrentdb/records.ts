import { createHash } from 'node:crypto';
import { ANY, AppendStreamState, NO_STREAM, RecordedEvent, STREAM_EXISTS } from '@kurrent/kurrentdb-client';
import { ExpectedRevision, StoredEvent, StreamName } from '../event-store';
import { formatKurrentPosition, KurrentPosition } from './position';

/**
 * Where this adapter's streams live in one KurrentDB: every stream name gets the
 * prefix (empty by default), so several installations or test files can share a
 * server, as NATS_PREFIX does for NATS.
 */
export interface StreamNaming {
  prefix: string;
}

/**
 * Event ids are unique across the whole store (they become `Nats-Msg-Id`), but
 * KurrentDB only knows an id within one stream. Each id is claimed by appending to
 * a stream of its own, `<prefix>tenantry-event-id-<id>`, with `no_stream`.
 */
const CLAIM_INFIX = 'tenantry-event-id-';
export const CLAIM_EVENT_TYPE = 'TenantryEventIdClaimed';

export class InvalidStreamPrefix extends Error {
  readonly code = 'INVALID_STREAM_PREFIX';
  constructor(readonly prefix: string) {
    super(
      `KurrentDB stream prefix must be lowercase letters, digits, '_', '.' or '-', not starting with '$': ${JSON.stringify(prefix)}`,
    );
    this.name = 'InvalidStreamPrefix';
  }
}

export function streamNaming(prefix = ''): StreamNaming {
  if (!/^[a-z0-9_.-]*$/.test(prefix)) throw new InvalidStreamPrefix(prefix);
  return { prefix };
}

export const serverStreamName = (naming: StreamNaming, stream: StreamName): string => `${naming.prefix}${stream}`;

export const claimStreamName = (naming: StreamNaming, eventId: string): string =>
  `${naming.prefix}${CLAIM_INFIX}${eventId}`;

/**
 * The claim's own event id depends on the event id and the stream, so retrying the
 * same append claims idempotently (KurrentDB accepts a repeated event id at the same
 * expected state), while the same id appended to another stream is refused.
 */
export function claimRecordId(eventId: string, stream: StreamName): string {
  const hash = createHash('sha256').update(`${stream}\u0000${eventId}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80; // version 8: custom (RFC 9562)
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The stream name inside this installation, or undefined for what is not one of its
 * events: system streams and events (`$…`), id claims, other prefixes' streams.
 */
export function ownStreamName(naming: StreamNaming, serverStream: string, type: string): StreamName | undefined {
  if (serverStream.startsWith('$') || type.startsWith('$') || type === CLAIM_EVENT_TYPE) return undefined;
  if (!serverStream.startsWith(naming.prefix)) return undefined;
  const stream = serverStream.slice(naming.prefix.length);
  if (stream.length === 0 || stream.startsWith('$') || stream.startsWith(CLAIM_INFIX)) return undefined;
  return stream;
}

export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** A recorded event as the port's StoredEvent, or undefined when it is not one of ours. */
export function toStoredEvent(
  naming: StreamNaming,
  recorded: RecordedEvent,
  position: KurrentPosition,
): StoredEvent | undefined {
  const stream = ownStreamName(naming, recorded.streamId, recorded.type);
  if (stream === undefined || !recorded.isJson) return undefined;
  return {
    id: recorded.id,
    stream,
    type: recorded.type,
    revision: recorded.revision,
    position: formatKurrentPosition(position),
    data: isPlainObject(recorded.data) ? recorded.data : {},
    metadata: isPlainObject(recorded.metadata) ? recorded.metadata : {},
    recordedAt: recorded.created,
  };
}
