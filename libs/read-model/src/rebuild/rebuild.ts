import { natsNames } from '@tenantry/messaging';
import type { NatsConnection } from 'nats';
import { Pool } from 'pg';
import { isNotFound, deleteProjectorConsumer } from '../projection/projector-consumer';
import { PROJECTOR_CHECKPOINT } from '../projection/projector';
import { ProjectorLeaseLost, tryTakeProjectorLease } from '../projection/projector-lease';
import {
  dropReadModelSchema,
  DroppedIndex,
  dropSecondaryIndexes,
  ensureReadModelSchema,
  openReadModelOrm,
  recreateIndexes,
} from '../tables/read-model-database';
import { ReadModelLogger, silentLogger } from '../read-model-logger';
import { replayIntoTables, ReplayTotals } from './rebuild-replay';
import { checkpointWrite, writeParts } from '../tables/view-writes';
import type { TenantEventsLoader } from '../projection/streamed-event';

export interface RebuildProgress {
  /** Messages projected so far (applied + skipped + undecodable). */
  processed: number;
  /** Messages in the stream when the rebuild started. */
  total: number;
  applied: number;
  eventsPerSecond: number;
}

export interface RebuildOptions {
  databaseUrl: string;
  nats: NatsConnection;
  prefix: string;
  logger?: ReadModelLogger;
  /** Messages per chunk, written in one transaction; 5,000 by default. */
  batchSize?: number;
  /** Fills a tenant's revision gap from the event store, as the projector does; without it a gap is passed over. */
  loadTenantEvents?: TenantEventsLoader;
  onProgress?(progress: RebuildProgress): void;
}

export class RebuildRefused extends Error {
  readonly code = 'REBUILD_REFUSED';
  constructor(reason: string) {
    super(`Refusing to rebuild the read models: ${reason}`);
    this.name = 'RebuildRefused';
  }
}

const DEFAULT_CHUNK = 5_000;

/**
 * Drops the read-model tables, creates them again, deletes the projector's durable
 * consumer and replays the whole tenant events stream into them (announcing nothing on
 * NATS), then leaves the checkpoint at the stream's last sequence so that the projector
 * continues from there. Notifications come back with the same content, in stream
 * order, with new cursors. Refuses while a gateway's projector holds the lock (stop the
 * gateways first), and holds that lock itself until done.
 */
export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildProgress> {
  const names = natsNames(options.prefix);
  const jsm = await options.nats.jetstreamManager();
  const stream = await jsm.streams.info(names.stream).catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  const total = stream?.state.messages ?? 0;
  const until = stream?.state.last_seq ?? 0;

  const lease = await tryTakeProjectorLease(options.databaseUrl, 1000);
  if (!lease) throw new RebuildRefused('a projector is running (a gateway holds the projector lock)');
  const orm = await openReadModelOrm(options.databaseUrl, { poolMax: 1 });
  try {
    await dropReadModelSchema(orm, options.databaseUrl);
    await ensureReadModelSchema(options.databaseUrl);
    if (stream) await deleteProjectorConsumer(jsm, names);
    const indexesToBuild = new IndexesToBuild(until > 0 ? await dropSecondaryIndexes(orm, options.databaseUrl) : []);
    const started = Date.now();
    const progressOf = (totals: ReplayTotals): RebuildProgress => {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      return {
        processed: totals.processed,
        total,
        applied: totals.applied,
        eventsPerSecond: Math.round(totals.processed / seconds),
      };
    };
    if (until === 0) return progressOf({ processed: 0, applied: 0, undecodable: 0, lastPosition: null });

    // Crash-safe enough for a rebuild (run it again) and much cheaper: no WAL flush per chunk.
    const pool = new Pool({
      connectionString: options.databaseUrl,
      max: 2,
      application_name: 'tenantry-rebuild',
      options: '-c synchronous_commit=off',
    });
    let totals: ReplayTotals;
    try {
      totals = await replayIntoTables({
        nats: options.nats,
        names,
        pool,
        logger: options.logger ?? silentLogger,
        until,
        chunkSize: options.batchSize ?? DEFAULT_CHUNK,
        loadTenantEvents: options.loadTenantEvents,
        assertMayWrite: () => {
          if (lease.isLost()) throw new ProjectorLeaseLost();
        },
        onCommitted: (totals) => options.onProgress?.(progressOf(totals)),
        // The indexes dropped for the load, each table's as soon as it is complete; the rate counts their building.
        onTableWritten: (table) => recreateIndexes(options.databaseUrl, indexesToBuild.take(table)),
      });
      // Last, once everything else is written; also when the last messages were deleted since.
      await writeParts(pool, [checkpointWrite(PROJECTOR_CHECKPOINT, until, totals.lastPosition)]);
    } finally {
      await pool.end();
    }
    // The indexes of any table the replay did not announce.
    await recreateIndexes(options.databaseUrl, indexesToBuild.rest());
    return progressOf(totals);
  } finally {
    await orm.close();
    await lease.release();
  }
}

/** The dropped indexes not created again yet. */
class IndexesToBuild {
  constructor(private remaining: readonly DroppedIndex[]) {}

  take(table: string): DroppedIndex[] {
    const taken = this.remaining.filter((index) => index.table === table);
    this.remaining = this.remaining.filter((index) => index.table !== table);
    return taken;
  }

  rest(): DroppedIndex[] {
    const rest = [...this.remaining];
    this.remaining = [];
    return rest;
  }
}
