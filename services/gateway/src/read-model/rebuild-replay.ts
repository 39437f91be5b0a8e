/**
 * The rebuild's replay: the whole stream folded in memory with the pure projection and
 * written in big chunks, one transaction each, while the next chunk is read and folded.
 * The tables were just created and nothing else writes them (the rebuild holds the
 * projector lock), so nothing is read back but the rare operation evicted from memory.
 */
import type { NatsNames } from '@tenantry/messaging';
import type { JsMsg, NatsConnection } from 'nats';
import type { Pool } from 'pg';
import { FoldChanges, foldStreamed, FoldViews } from './fold-events';
import type { OperationView, TenantView } from './ports';
import type { ReadSideLogger } from './read-side-logger';
import type { HistoryEntry, PendingNotification } from './sql/read-model-columns';
import { loadOperations } from './sql/view-reads';
import {
  checkpointWrite, historyInsert, notificationsInsert, operationsUpsert, tenantsUpsert, writeParts,
} from './sql/view-writes';
import { streamChunks } from './stream-chunks';
import { decodeStreamedEvent, StreamedEvent, TenantEventsLoader } from './streamed-event';

export interface ReplayOptions {
  nats: NatsConnection;
  names: NatsNames;
  pool: Pool;
  logger: ReadSideLogger;
  checkpointName: string;
  /** Last stream sequence to replay. */
  until: number;
  /** Messages per chunk (one transaction each). */
  chunkSize: number;
  loadTenantEvents?: TenantEventsLoader;
  /** Throws to stop between chunks (e.g. the projector lock was lost). */
  assertMayWrite(): void;
  /** After each committed chunk, with the totals so far. */
  onCommitted(totals: ReplayTotals): void;
}

export interface ReplayTotals {
  /** Messages replayed: applied, skipped and undecodable. */
  processed: number;
  applied: number;
  undecodable: number;
}

/** One chunk's writes, taken from the views when its folding ended. */
interface ChunkWrites {
  history: HistoryEntry[];
  notifications: PendingNotification[];
  tenants: TenantView[];
  operations: OperationView[];
  lastSequence: number;
  messages: number;
  undecodable: number;
}

export async function replayIntoTables(options: ReplayOptions): Promise<ReplayTotals> {
  const views: FoldViews = { tenants: new Map(), operations: new Map(), recordedEventIds: new Set() };
  const sources = {
    // Only an operation evicted after its chunk was committed can be missing from memory.
    operation: async (id: string) => (await loadOperations(options.pool, [id])).get(id) ?? null,
    loadTenantEvents: options.loadTenantEvents,
  };
  const totals: ReplayTotals = { processed: 0, applied: 0, undecodable: 0 };
  let writing: Promise<void> = Promise.resolve();

  for await (const messages of streamChunks(options.nats, options.names, { until: options.until, chunkSize: options.chunkSize })) {
    const changes = new FoldChanges();
    // The version guard is enough across chunks: every tenant stays in memory.
    views.recordedEventIds = new Set();
    let undecodable = 0;
    for (const message of messages) {
      const streamed = decode(message, options.logger);
      if (!streamed) undecodable++;
      else {
        const reading = foldStreamed(views, changes, streamed, sources);
        if (reading) await reading;
      }
    }
    const writes: ChunkWrites = {
      history: changes.history,
      notifications: changes.notifications,
      tenants: [...changes.tenantIds].map((id) => views.tenants.get(id)!),
      operations: [...changes.operationIds].map((id) => views.operations.get(id)!),
      lastSequence: messages[messages.length - 1]!.seq,
      messages: messages.length,
      undecodable,
    };
    await writing;
    evictFinishedOperations(views, changes.operationIds);
    options.assertMayWrite();
    writing = writeChunk(options, writes).then(() => {
      totals.processed += writes.messages;
      totals.applied += writes.history.length;
      totals.undecodable += writes.undecodable;
      options.onCommitted({ ...totals });
    });
    // A failed write stops the replay at the next chunk; until then, keep it from being unhandled.
    writing.catch(() => undefined);
  }
  await writing;
  return totals;
}

function decode(message: JsMsg, logger: ReadSideLogger): StreamedEvent | undefined {
  try {
    return decodeStreamedEvent(message);
  } catch (error) {
    // As the projector does: a poison message is logged and passed over.
    logger.error({ err: error, subject: message.subject, streamSequence: message.seq }, 'rebuild skipped an undecodable message');
    return undefined;
  }
}

/**
 * Bounds memory: an operation that is no longer its tenant's current one is dropped once
 * written (every chunk before the one about to be written is committed); an event that
 * names it again reads it back.
 */
function evictFinishedOperations(views: FoldViews, aboutToBeWritten: ReadonlySet<string>): void {
  for (const [id, operation] of views.operations) {
    if (aboutToBeWritten.has(id)) continue;
    if (views.tenants.get(operation.tenantId)?.currentOperationId !== id) views.operations.delete(id);
  }
}

/**
 * One statement, so one round trip: it goes out at once and PostgreSQL works on it while
 * the next chunk is folded (a chunk's folding never yields to the event loop).
 */
async function writeChunk(options: ReplayOptions, writes: ChunkWrites): Promise<void> {
  await writeParts(options.pool, [
    historyInsert(writes.history),
    notificationsInsert(writes.notifications),
    tenantsUpsert(writes.tenants),
    operationsUpsert(writes.operations),
    checkpointWrite(options.checkpointName, writes.lastSequence),
  ]);
}
