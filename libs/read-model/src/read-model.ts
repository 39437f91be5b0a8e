import type { Config } from '@tenantry/config';
import { natsNames, NatsNames } from '@tenantry/messaging';
import type { NatsConnection } from 'nats';
import { Pool } from 'pg';
import { nonAppendingSessionName } from '@tenantry/event-store';
import { PROJECTOR_CHECKPOINT, Projector, ProjectorOptions, ProjectorStatus } from './projection/projector';
import { ensureReadModelSchema } from './tables/read-model-database';
import { SqlReadModelQueries } from './queries/read-model-queries';
import { ReadModelLogger, silentLogger } from './read-model-logger';
import { readYourWrites, ReadYourWrites } from './queries/read-your-writes';
import { eventStoreLoader } from './projection/tenant-events-loader';

export type ReadModelOptions = {
  nats: NatsConnection;
  logger?: ReadModelLogger;
  /**
   * Tuning and `onBatch` (what each committed batch is, once it is announced), or `false`
   * for a read side that serves queries and feeds but never projects.
   */
  projector?: false | Pick<ProjectorOptions, 'batchSize' | 'ackWaitMs' | 'leaseRetryMs' | 'onBatch'>;
} & (
  | {
      config: Pick<
        Config,
        'DATABASE_URL' | 'NATS_PREFIX' | 'EVENT_STORE' | 'KURRENTDB_URL' | 'READ_YOUR_WRITES_TIMEOUT_MS'
      >;
    }
  | { databaseUrl: string; prefix: string; readYourWritesTimeoutMs?: number }
);

export interface ReadModel {
  queries: SqlReadModelQueries;
  /** What a read waits for so that it shows every accepted change (read-your-writes.ts). */
  freshness: ReadYourWrites;
  names: NatsNames;
  /** leader / standby / stopped, checkpoint and counts: for the health endpoint. */
  projectorStatus(): ProjectorStatus;
  /** Stops projecting (frees the lock for another gateway), closes the database pool. */
  close(): Promise<void>;
}

/**
 * The read model: creates its tables if missing, starts the projector (leader or
 * standby), and serves queries. The gateway adds the live feeds (services/gateway/src/live).
 */
export async function createReadModel(options: ReadModelOptions): Promise<ReadModel> {
  const databaseUrl = 'config' in options ? options.config.DATABASE_URL : options.databaseUrl;
  const prefix = 'config' in options ? options.config.NATS_PREFIX : options.prefix;
  const logger = options.logger ?? silentLogger;
  const names = natsNames(prefix);
  // Creates or upgrades the tables (tables/read-model-migrations.ts): reads and writes are plain SQL.
  await ensureReadModelSchema(databaseUrl);
  // Its writes (presence, notifications read) never append events: readers of the event log need not wait for them.
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 10,
    application_name: nonAppendingSessionName('tenantry-read-side'),
  });
  pool.on('error', (error) => logger.warn({ err: error }, 'read side database connection failed'));
  const queries = new SqlReadModelQueries(pool, { nats: options.nats, names });
  const eventStore = eventStoreLoader(
    'config' in options
      ? { kind: options.config.EVENT_STORE, postgresUrl: databaseUrl, kurrentdbUrl: options.config.KURRENTDB_URL }
      : { kind: 'postgres', postgresUrl: databaseUrl },
  );
  const projector =
    options.projector === false
      ? undefined
      : new Projector({
          ...options.projector,
          databaseUrl,
          nats: options.nats,
          names,
          logger,
          loadTenantEvents: eventStore.load,
        });
  projector?.start();
  const freshness = readYourWrites({
    store: eventStore.store,
    sql: pool,
    checkpointName: PROJECTOR_CHECKPOINT,
    timeoutMs:
      'config' in options ? options.config.READ_YOUR_WRITES_TIMEOUT_MS : (options.readYourWritesTimeoutMs ?? 5_000),
  });
  let closed: Promise<void> | undefined;
  return {
    queries,
    freshness,
    names,
    projectorStatus: () =>
      projector?.status ?? { role: 'stopped', checkpoint: 0, applied: 0, skipped: 0, undecodable: 0 },
    close: () =>
      (closed ??= (async () => {
        await projector?.stop();
        await eventStore.close();
        await pool.end();
      })()),
  };
}
