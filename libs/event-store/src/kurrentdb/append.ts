import { jsonEvent, KurrentDBClient, NO_STREAM } from '@kurrent/kurrentdb-client';
import {
  AppendResult,
  ExpectedRevision,
  ExpectedRevisionConflict,
  GlobalPosition,
  NewEvent,
  StreamName,
} from '../event-store';
import { DuplicateEventId } from '../duplicate-event-id';
import { isWrongExpectedVersion, KurrentServerTooOld } from './errors';
import { formatKurrentPosition } from './position';
import {
  CLAIM_EVENT_TYPE,
  claimRecordId,
  claimStreamName,
  serverStreamName,
  StreamNaming,
  toStreamState,
} from './records';

/**
 * Claims every event id (see `records.ts`), then appends the batch with the expected
 * revision in one write, which KurrentDB applies atomically. A claim left behind by an
 * append that then lost its race only holds an id nobody will use again (ids are
 * fresh UUIDv7s per attempt); the same append retried with the same ids succeeds.
 */
export async function appendToStream(
  client: KurrentDBClient,
  naming: StreamNaming,
  stream: StreamName,
  events: NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  if (events.length === 0) throw new RangeError(`append to ${stream}: a batch needs at least one event`);
  refuseRepeatedIds(events);
  await Promise.all(events.map((event) => claimId(client, naming, stream, event.id)));
  let nextExpectedRevision: bigint;
  try {
    const result = await client.appendToStream(
      serverStreamName(naming, stream),
      events.map((event) =>
        jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata ?? {} }),
      ),
      { streamState: toStreamState(expected), requiresLeader: true },
    );
    nextExpectedRevision = result.nextExpectedRevision;
  } catch (error) {
    if (isWrongExpectedVersion(error))
      throw new ExpectedRevisionConflict(stream, expected, error.actualState, { cause: error });
    throw error;
  }
  return { nextExpectedRevision, position: await positionOf(client, naming, stream, nextExpectedRevision) };
}

function refuseRepeatedIds(events: NewEvent[]): void {
  const seen = new Set<string>();
  for (const { id } of events) {
    if (seen.has(id)) throw new DuplicateEventId(id);
    seen.add(id);
  }
}

async function claimId(
  client: KurrentDBClient,
  naming: StreamNaming,
  stream: StreamName,
  eventId: string,
): Promise<void> {
  try {
    await client.appendToStream(
      claimStreamName(naming, eventId),
      jsonEvent({ id: claimRecordId(eventId, stream), type: CLAIM_EVENT_TYPE, data: { eventId, stream } }),
      { streamState: NO_STREAM, requiresLeader: true },
    );
  } catch (error) {
    if (isWrongExpectedVersion(error)) throw new DuplicateEventId(eventId, { cause: error });
    throw error;
  }
}

/**
 * The `$all` position of the event at `revision`, read back from the stream: what an
 * append reports is the write's commit/prepare pair, which for a batch need not be
 * the last event's own position, and the port promises the position readAll gives.
 */
async function positionOf(
  client: KurrentDBClient,
  naming: StreamNaming,
  stream: StreamName,
  revision: bigint,
): Promise<GlobalPosition> {
  for await (const resolved of client.readStream(serverStreamName(naming, stream), {
    fromRevision: revision,
    maxCount: 1,
    requiresLeader: true,
  })) {
    const position = resolved.event?.position;
    if (position) return formatKurrentPosition(position);
  }
  throw new KurrentServerTooOld(`event ${revision} of ${stream}`);
}
