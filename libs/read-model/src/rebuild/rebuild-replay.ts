/**
 * The rebuild's replay: the whole stream folded in memory with the pure projection and
 * written in big chunks while the next chunk is read and folded. The tables were just
 * created and nothing else writes them (the rebuild holds the projector lock), so
 * nothing is read back but the rare operation evicted from memory.
 *
 * What a chunk writes is append-only: its history and notifications (in stream order,
 * so cursors follow it) and the operations that stopped being current (evicted from
 * memory once written), with COPY (rebuild-writes.ts). Tenants and current operations
 * are written once, at the end.
 * History and the rest go on two connections at once, so PostgreSQL works on both
 * while this process folds. A crash leaves no checkpoint and no tenants: run the
 * rebuild again (a projector replaying from the start would also converge: every
 * write is an insert-if-absent or an upsert of a later state).
 */
import type { NatsNames } from '@tenantry/messaging';
import type { JsMsg, NatsConnection } from 'nats';
import type { Pool } from 'pg';
import { FoldChanges, foldStreamed, FoldViews } from '../projection/fold-events';
import type { OperationView } from '../ports';
import type { ReadModelLogger } from '../read-model-logger';
import { loadOperations } from '../tables/view-reads';
import { copyHistory, copyNotifications, copyTenants, OperationsWriter } from './rebuild-writes';
import { streamChunks } from './stream-chunks';
import { NOTIFICATIONS, OPERATIONS, TENANT_EVENTS, TENANTS } from '../tables';
import { decodeStreamedEvent, StreamedEvent, TenantEventsLoader } from '../projection/streamed-event';

export interface ReplayOptions {
  nats: NatsConnection;
  names: NatsNames;
  /** Two connections: chunks are written on both at once. */
  pool: Pool;
  logger: ReadModelLogger;
  /** Last stream sequence to replay. */
  until: number;
  /** Messages per chunk. */
  chunkSize: number;
  loadTenantEvents?: TenantEventsLoader;
  /** Throws to stop between chunks (e.g. the projector lock was lost). */
  assertMayWrite(): void;
  /** After each committed chunk, with the totals so far. */
  onCommitted(totals: ReplayTotals): void;
  /** Once a table (its name in the read-model schema) holds all the replay writes into it; awaited. */
  onTableWritten(table: string): Promise<void>;
}

export interface ReplayTotals {
  /** Messages replayed: applied, skipped and undecodable. */
  processed: number;
  applied: number;
  undecodable: number;
  /** Event-store position of the last event replayed (null: none), for the checkpoint. */
  lastPosition: string | null;
}

export async function replayIntoTables(options: ReplayOptions): Promise<ReplayTotals> {
  const { pool } = options;
  const views: FoldViews = { tenants: new Map(), operations: new Map(), recordedEventIds: new Set() };
  const sources = {
    // Only an operation evicted after it was written can be missing from memory.
    operation: async (id: string) => (await loadOperations(pool, [id])).get(id) ?? null,
    loadTenantEvents: options.loadTenantEvents,
  };
  const totals: ReplayTotals = { processed: 0, applied: 0, undecodable: 0, lastPosition: null };
  const operationsWriter = new OperationsWriter(pool, options.chunkSize);
  let writing: Promise<void> = Promise.resolve();
  let lastPosition: string | null = null;

  for await (const messages of streamChunks(options.nats, options.names, {
    until: options.until,
    chunkSize: options.chunkSize,
  })) {
    const changes = new FoldChanges();
    // The version guard is enough across chunks: every tenant stays in memory.
    views.recordedEventIds = new Set();
    let undecodable = 0;
    for (const message of messages) {
      const streamed = decode(message, options.logger);
      if (!streamed) undecodable++;
      else {
        lastPosition = streamed.position;
        const reading = foldStreamed(views, changes, streamed, sources);
        if (reading) await reading;
      }
    }
    await writing;
    options.assertMayWrite();
    const finished = finishedOperations(views);
    const chunkPosition = lastPosition;
    const history = copyHistory(pool, changes.history);
    const notifications = copyNotifications(pool, changes.notifications);
    writing = Promise.all([history.done, notifications.done.then(() => operationsWriter.write(finished))]).then(() => {
      // Unless an event changed it again since (it is written again later).
      for (const operation of finished)
        if (views.operations.get(operation.id) === operation) views.operations.delete(operation.id);
      totals.processed += messages.length;
      totals.applied += changes.history.length;
      totals.undecodable += undecodable;
      totals.lastPosition = chunkPosition;
      options.onCommitted({ ...totals });
    });
    // A failed write stops the replay at the next chunk; until then, keep it from being unhandled.
    writing.catch(() => undefined);
    // Before folding the next chunk: rows still waiting in this process would wait for the fold.
    await Promise.all([history.sent, notifications.sent]);
  }
  await writing;
  // The history and notifications are complete (their indexes can be built) while the views are written.
  const viewsWritten = Promise.all([
    copyTenants(pool, [...views.tenants.values()]).done,
    operationsWriter.write([...views.operations.values()]),
  ]);
  await Promise.all([
    options.onTableWritten(TENANT_EVENTS.name),
    options.onTableWritten(NOTIFICATIONS.name),
    viewsWritten.then(() =>
      Promise.all([options.onTableWritten(TENANTS.name), options.onTableWritten(OPERATIONS.name)]),
    ),
  ]);
  return totals;
}

function decode(message: JsMsg, logger: ReadModelLogger): StreamedEvent | undefined {
  try {
    return decodeStreamedEvent(message);
  } catch (error) {
    // As the projector does: a poison message is logged and passed over.
    logger.error(
      { err: error, subject: message.subject, streamSequence: message.seq },
      'rebuild skipped an undecodable message',
    );
    return undefined;
  }
}

/** Operations that are no longer their tenant's current one: written with the chunk, then dropped from memory. */
function finishedOperations(views: FoldViews): OperationView[] {
  const finished: OperationView[] = [];
  for (const operation of views.operations.values()) {
    if (views.tenants.get(operation.tenantId)?.currentOperationId !== operation.id) finished.push(operation);
  }
  return finished;
}
