import { natsNames } from '@tenantry/messaging';
import type { NatsConnection } from 'nats';
import { isNotFound, deleteProjectorConsumer } from './projector-consumer';
import { Projector, ProjectorStatus } from './projector';
import { tryTakeProjectorLease } from './projector-lease';
import { dropReadModelSchema, ensureReadModelSchema, openReadModelOrm } from './read-model-database';
import { ReadSideLogger, silentLogger } from './read-side-logger';

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
  logger?: ReadSideLogger;
  batchSize?: number;
  onProgress?(progress: RebuildProgress): void;
}

export class RebuildRefused extends Error {
  readonly code = 'REBUILD_REFUSED';
  constructor(reason: string) {
    super(`Refusing to rebuild the read models: ${reason}`);
    this.name = 'RebuildRefused';
  }
}

/**
 * Drops the read-model tables, creates them again, deletes the projector's durable
 * consumer and replays the whole tenant events stream through the projector (without
 * announcing anything on NATS). Notifications come back with the same content but
 * new cursors. Refuses while a gateway's projector holds the lock: stop the gateways first.
 */
export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildProgress> {
  const names = natsNames(options.prefix);
  const jsm = await options.nats.jetstreamManager();
  const stream = await jsm.streams.info(names.stream).catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  const total = stream?.state.messages ?? 0;
  const target = stream?.state.last_seq ?? 0;

  const orm = await openReadModelOrm(options.databaseUrl, { poolMax: 4 });
  try {
    const lease = await tryTakeProjectorLease(options.databaseUrl, 1000);
    if (!lease) throw new RebuildRefused('a projector is running (a gateway holds the projector lock)');
    try {
      await dropReadModelSchema(orm, options.databaseUrl);
      await ensureReadModelSchema(orm, options.databaseUrl);
      if (stream) await deleteProjectorConsumer(jsm, names);
    } finally {
      await lease.release();
    }
    const started = Date.now();
    const progressOf = (status: ProjectorStatus): RebuildProgress => {
      const processed = status.applied + status.skipped + status.undecodable;
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      return { processed, total, applied: status.applied, eventsPerSecond: Math.round(processed / seconds) };
    };
    if (target === 0) return progressOf({ role: 'stopped', checkpoint: 0, applied: 0, skipped: 0, undecodable: 0 });
    return await replay(orm, options, names, target, progressOf);
  } finally {
    await orm.close();
  }
}

function replay(
  orm: Awaited<ReturnType<typeof openReadModelOrm>>,
  options: RebuildOptions,
  names: ReturnType<typeof natsNames>,
  target: number,
  progressOf: (status: ProjectorStatus) => RebuildProgress,
): Promise<RebuildProgress> {
  return new Promise<RebuildProgress>((resolve) => {
    const projector = new Projector({
      orm,
      databaseUrl: options.databaseUrl,
      nats: options.nats,
      names,
      logger: options.logger ?? silentLogger,
      publish: false,
      batchSize: options.batchSize ?? 500,
      onBatch: (_outcome, status) => {
        options.onProgress?.(progressOf(status));
        if (status.checkpoint >= target) void projector.stop().then(() => resolve(progressOf(status)));
      },
    });
    projector.start();
  });
}
