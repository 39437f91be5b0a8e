import { EventEmitter } from 'node:events';
import type { KurrentDBClient } from '@kurrent/kurrentdb-client';

/**
 * A stand-in for a KurrentDB server behind the client's API, holding what the
 * adapter relies on and nothing more: one `$all` log ordered by {commit, prepare},
 * events of one write sharing a commit position; expected-state checks with the
 * client's WrongExpectedVersion shape; idempotent retries of a write with the same
 * event ids; `readAll` from a position including the record at that position;
 * system records (`$…`) interleaved with ours; a stream read of an unknown stream
 * failing with stream-not-found. It lets the contract suite run the adapter's own
 * logic here; it is no proof of the real server's behaviour, which the contract
 * tests against a KurrentDB container check where a container runtime exists.
 */
interface Position {
  commit: bigint;
  prepare: bigint;
}
interface Recorded {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  created: Date;
  position: Position;
}
interface EventData {
  id: string;
  type: string;
  data: unknown;
  metadata?: unknown;
  contentType: string;
}
type StreamState = 'any' | 'no_stream' | 'stream_exists' | bigint;

const comparePositions = (a: Position, b: Position) =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare < b.prepare ? -1 : a.prepare > b.prepare ? 1 : 0;
const wrongExpectedVersion = (streamName: string, expectedState: StreamState, actualState: bigint | 'no_stream') =>
  Object.assign(new Error(`WrongExpectedVersion on ${streamName}`), {
    type: 'wrong-expected-version',
    streamName,
    expectedState,
    actualState,
  });
const streamNotFound = (streamName: string) =>
  Object.assign(new Error(`${streamName} not found`), { type: 'stream-not-found', streamName });
/** Every call takes a trip through the event loop, as network I/O does, so timers still run. */
const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));
const copy = (record: Recorded): Recorded => ({
  ...record,
  data: structuredClone(record.data),
  metadata: structuredClone(record.metadata),
});

export interface SimulatedKurrentDB {
  client: KurrentDBClient;
  /** Appends a system record, as the server's statistics and metadata writes do. */
  appendSystemRecord(): void;
  liveSubscriptions(): number;
}

export function simulatedKurrentDB(options: { systemRecordEvery?: number } = {}): SimulatedKurrentDB {
  const log: Recorded[] = [];
  const streams = new Map<string, Recorded[]>();
  const live = new Set<EventEmitter & { unsubscribe(): Promise<void> }>();
  let offset = 1000n;
  let writes = 0;

  const write = (streamId: string, events: EventData[]): { last: Recorded; commit: Position } => {
    const commit = offset;
    const stream = streams.get(streamId) ?? [];
    streams.set(streamId, stream);
    const written = events.map((event, i): Recorded => {
      const record: Recorded = {
        streamId,
        id: event.id,
        type: event.type,
        revision: BigInt(stream.length),
        isJson: event.contentType === 'application/json',
        data: structuredClone(event.data),
        metadata: event.metadata === undefined ? undefined : structuredClone(event.metadata),
        created: new Date(),
        position: { commit, prepare: commit + BigInt(i) * 37n },
      };
      stream.push(record);
      log.push(record);
      return record;
    });
    offset += BigInt(events.length) * 37n + 100n;
    for (const subscription of live) subscription.emit('data', { event: copy(written.at(-1)!) });
    return { last: written.at(-1)!, commit: { commit, prepare: commit } };
  };

  const appendSystemRecord = () => {
    write('$stats-127.0.0.1:2113', [
      { id: crypto.randomUUID(), type: '$statsCollected', data: {}, contentType: 'application/json' },
    ]);
  };

  const client = {
    async appendToStream(
      streamName: string,
      input: EventData | EventData[],
      { streamState = 'any' }: { streamState?: StreamState } = {},
    ) {
      await roundTrip();
      const events = Array.isArray(input) ? input : [input];
      const stream = streams.get(streamName) ?? [];
      const current: bigint | 'no_stream' = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
      // The same ids written at the same expected state again: the server answers as it did the first time.
      const startsAt = streamState === 'no_stream' ? 0 : typeof streamState === 'bigint' ? Number(streamState) + 1 : -1;
      const repeated = startsAt >= 0 && events.every((event, i) => stream[startsAt + i]?.id === event.id);
      if (repeated) {
        const last = stream[startsAt + events.length - 1]!;
        return { success: true, nextExpectedRevision: last.revision, position: last.position };
      }
      const holds =
        streamState === 'any' ||
        (streamState === 'no_stream' && current === 'no_stream') ||
        (streamState === 'stream_exists' && current !== 'no_stream') ||
        streamState === current;
      if (!holds) throw wrongExpectedVersion(streamName, streamState, current);
      const { last, commit } = write(streamName, events);
      if (++writes % (options.systemRecordEvery ?? 3) === 0) appendSystemRecord();
      return { success: true, nextExpectedRevision: last.revision, position: commit };
    },

    readStream(
      streamName: string,
      {
        fromRevision = 'start',
        maxCount = Number.MAX_SAFE_INTEGER,
      }: { fromRevision?: 'start' | bigint; maxCount?: number | bigint } = {},
    ) {
      return (async function* () {
        await roundTrip();
        const stream = streams.get(streamName);
        if (!stream) throw streamNotFound(streamName);
        const from = fromRevision === 'start' ? 0 : Number(fromRevision);
        for (const record of stream.slice(from, from + Number(maxCount))) yield { event: copy(record) };
      })();
    },

    readAll({
      fromPosition = 'start',
      maxCount = Number.MAX_SAFE_INTEGER,
    }: { fromPosition?: 'start' | Position; maxCount?: number | bigint } = {}) {
      return (async function* () {
        await roundTrip();
        const from =
          fromPosition === 'start'
            ? 0
            : log.findIndex((record) => comparePositions(record.position, fromPosition) >= 0);
        const records = from < 0 ? [] : log.slice(from, from + Number(maxCount));
        for (const record of records) yield { event: copy(record), commitPosition: record.position.commit };
      })();
    },

    subscribeToAll() {
      const subscription = Object.assign(new EventEmitter(), {
        async unsubscribe() {
          live.delete(subscription);
          subscription.emit('close');
        },
      });
      live.add(subscription);
      return subscription;
    },

    async setStreamMetadata(streamName: string) {
      write(`$$${streamName}`, [
        { id: crypto.randomUUID(), type: '$metadata', data: {}, contentType: 'application/json' },
      ]);
    },

    async dispose() {
      for (const subscription of live) await subscription.unsubscribe();
    },
  };

  return { client: client as unknown as KurrentDBClient, appendSystemRecord, liveSubscriptions: () => live.size };
}
