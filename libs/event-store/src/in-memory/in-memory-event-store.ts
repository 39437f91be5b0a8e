/* eslint-disable @typescript-eslint/require-await -- its methods are async without awaiting so that a
   refusal (WrongExpectedVersion, DuplicateEventId, a bad position) rejects, as the adapters over a server do. */
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  START,
  StoredEvent,
  StreamName,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { assertExpectedRevision, CurrentRevision, firstNewRevision } from '../expected-revision';
import { DuplicateEventId } from '../duplicate-event-id';
import { pollingSubscription } from '../subscription/polling-subscription';
import { WakeupSignal } from '../subscription/wakeup-signal';

/** Positions are the 1-based index in the log, as decimal strings. */
const positionIndex = (position: GlobalPosition | undefined): number =>
  position === undefined || position === START ? 0 : Number(position);

const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** An event store in process memory, for unit tests of the packages that use the port. */
export function inMemoryEventStore(options: { clock?: () => Date } = {}): EventStore {
  const clock = options.clock ?? (() => new Date());
  const log: StoredEvent[] = [];
  const streams = new Map<StreamName, StoredEvent[]>();
  const ids = new Set<string>();
  const wakeups = new Set<WakeupSignal>();

  const currentRevision = (stream: StreamName): CurrentRevision => {
    const events = streams.get(stream);
    return events && events.length > 0 ? events[events.length - 1]!.revision : 'no_stream';
  };

  // Copies through JSON, as the PostgreSQL adapter's jsonb round trip does.
  const copy = (event: StoredEvent): StoredEvent => ({
    ...event,
    data: jsonCopy(event.data),
    metadata: jsonCopy(event.metadata),
    recordedAt: new Date(event.recordedAt),
  });

  const readAll = async (options: ReadAllOptions = {}): Promise<StoredEvent[]> => {
    const from = positionIndex(options.after);
    const to = options.limit === undefined ? undefined : from + options.limit;
    return log.slice(from, to).map(copy);
  };

  return {
    async append(stream: StreamName, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
      const current = currentRevision(stream);
      assertExpectedRevision(stream, expected, current);
      const batchIds = new Set<string>();
      for (const event of events) {
        if (ids.has(event.id) || batchIds.has(event.id)) throw new DuplicateEventId(event.id);
        batchIds.add(event.id);
      }
      if (events.length === 0) {
        const last = streams.get(stream)?.at(-1);
        return { nextExpectedRevision: current === 'no_stream' ? -1n : current, position: last?.position ?? START };
      }
      const revision = firstNewRevision(current);
      const recordedAt = clock();
      const stored = events.map((event, index): StoredEvent => ({
        id: event.id,
        stream,
        type: event.type,
        revision: revision + BigInt(index),
        position: String(log.length + index + 1),
        data: jsonCopy(event.data),
        metadata: jsonCopy(event.metadata ?? {}),
        recordedAt,
      }));
      log.push(...stored);
      streams.set(stream, [...(streams.get(stream) ?? []), ...stored]);
      for (const event of stored) ids.add(event.id);
      for (const wakeup of wakeups) wakeup.notify();
      const last = stored[stored.length - 1]!;
      return { nextExpectedRevision: last.revision, position: last.position };
    },

    async readStream(stream: StreamName, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
      const from = options.fromRevision ?? 0n;
      return (streams.get(stream) ?? []).filter((event) => event.revision >= from).map(copy);
    },

    readAll,

    subscribeToAll(options: SubscribeOptions): Subscription {
      const wakeup = new WakeupSignal();
      wakeups.add(wakeup);
      return pollingSubscription({
        ...options,
        readAll,
        wakeup,
        pollIntervalMs: 50,
        onClose: () => {
          wakeups.delete(wakeup);
          return Promise.resolve();
        },
      });
    },

    async close() {},
  };
}
