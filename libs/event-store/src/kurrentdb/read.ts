import { KurrentDBClient, START } from '@kurrent/kurrentdb-client';
import { ReadStreamOptions, StoredEvent, StreamName } from '../event-store';
import { isStreamNotFound, KurrentServerTooOld } from './errors';
import { compareKurrentPositions, KurrentPosition } from './position';
import { serverStreamName, StreamNaming, toStoredEvent } from './records';

/** Events read from `$all` per request while looking for ours among other records. */
const RAW_PAGE_SIZE = 500;

export async function readStream(
  client: KurrentDBClient,
  naming: StreamNaming,
  stream: StreamName,
  options: ReadStreamOptions = {},
): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  try {
    const fromRevision = options.fromRevision ?? START;
    for await (const resolved of client.readStream(serverStreamName(naming, stream), {
      requiresLeader: true,
      fromRevision,
    })) {
      const recorded = resolved.event;
      if (!recorded) continue;
      if (!recorded.position) throw new KurrentServerTooOld(`event ${recorded.revision} of ${stream}`);
      const stored = toStoredEvent(naming, recorded, recorded.position);
      if (stored) events.push(stored);
    }
  } catch (error) {
    if (isStreamNotFound(error)) return [];
    throw error;
  }
  return events;
}

export interface AllPage {
  /** Our events after `from`, in log order, at most `limit`. */
  events: StoredEvent[];
  /** The last record looked at (ours or not): a follower can resume its scan there. */
  scannedTo: KurrentPosition | undefined;
}

/**
 * Reads `$all` after `from` (exclusive) and keeps this installation's events. Filtering
 * happens here rather than on the server so that a run of other records (system
 * events, id claims, other prefixes) always moves `scannedTo` on.
 */
export async function readAllPage(
  client: KurrentDBClient,
  naming: StreamNaming,
  from: KurrentPosition | undefined,
  limit: number = Number.POSITIVE_INFINITY,
): Promise<AllPage> {
  const events: StoredEvent[] = [];
  let scannedTo = from;
  if (limit <= 0) return { events, scannedTo };
  for (;;) {
    const pageStart = scannedTo;
    let raw = 0;
    for await (const resolved of client.readAll({
      fromPosition: pageStart ?? START,
      maxCount: RAW_PAGE_SIZE,
      requiresLeader: true,
    })) {
      raw++;
      const recorded = resolved.event;
      const position = recorded?.position;
      // Reading from a position may return the record at that position: it was seen already.
      if (!recorded || !position || compareKurrentPositions(position, pageStart) <= 0) continue;
      scannedTo = position;
      const stored = toStoredEvent(naming, recorded, position);
      if (stored) events.push(stored);
      if (events.length >= limit) return { events, scannedTo };
    }
    const endOfLog = raw < RAW_PAGE_SIZE;
    const stuck = compareKurrentPositions(scannedTo, pageStart) === 0;
    if (endOfLog || stuck) return { events, scannedTo };
  }
}
