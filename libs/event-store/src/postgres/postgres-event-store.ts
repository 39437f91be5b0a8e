import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EventStore, SubscribeOptions, Subscription } from '../event-store';
import { pollingSubscription } from '../subscription/polling-subscription';
import { WakeupSignal } from '../subscription/wakeup-signal';
import { appendToStream } from './append';
import { listenForAppends } from './append-listener';
import { appendNotifier } from './append-notifier';
import { readAll, readLog, readStream } from './read';
import { ensureEventStoreSchema } from './schema';
import { eventStoreTables } from './tables';

export type PostgresEventStoreOptions = (
  { connectionString: string; pool?: never } | { pool: Pool; connectionString?: never }
) & {
  /** PostgreSQL schema that holds the events table; `public` by default. */
  schema?: string;
  /** Fallback poll of subscriptions, for notifications missed or not yet readable. */
  pollIntervalMs?: number;
  /**
   * Whether followers in other processes may be waiting for this process's appends: an
   * append NOTIFYs them only then (always, by default). A process that knows it holds the
   * only follower (e.g. the one relay, while it leads here) saves a round trip per append;
   * should it be wrong, a follower elsewhere still finds the events at its next poll.
   */
  othersFollow?: () => boolean;
  /**
   * Tells the followers in other processes of an append some other way than a NOTIFY (e.g.
   * a broker message their process turns into `Subscription.wake()`): true when it did, and
   * the NOTIFY, a transaction of its own, is not sent. A follower that hears neither finds
   * the events at its next poll.
   */
  announceAppends?: () => boolean;
};

export interface PostgresEventStore extends EventStore {
  /** Applies the event store's pending migrations (`eventStoreMigrations`); idempotent and safe under concurrent starts. */
  ensureSchema(): Promise<void>;
  readonly pool: Pool;
}

/**
 * Sent first on each connection the store opens (the pool waits for it): its prepared
 * statements are planned once, not at every execution. PostgreSQL otherwise re-plans a
 * statement whenever its plan for the given values looks cheaper than the generic one, and
 * for `readLog` it always did: ~1.7 ms of planning for a ~0.2 ms read, an eighth of
 * PostgreSQL's CPU under the bench's load. The generic plans of the store's reads use
 * their indexes (`read-log-plan.int.spec.ts`).
 */
const GENERIC_PLANS = 'SET plan_cache_mode = force_generic_plan';

/** The PostgreSQL adapter of the event store port. A pool passed in is not ended by `close()`. */
export function postgresEventStore(options: PostgresEventStoreOptions): PostgresEventStore {
  const tables = eventStoreTables(options.schema);
  const ownsPool = options.pool === undefined;
  const pool =
    options.pool ??
    new Pool({
      connectionString: options.connectionString,
      // pg-pool waits for the hook's promise before it hands the connection out (@types/pg says void).
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      onConnect: (client) => client.query(GENERIC_PLANS),
    });
  // An idle connection the server drops must not crash the process: the next query reconnects.
  if (ownsPool) pool.on('error', () => undefined);
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const subscriptions = new Set<Subscription>();
  // Followers in this process are woken at once; those elsewhere by the NOTIFY that follows.
  const localWakeups = new Set<WakeupSignal>();
  const origin = randomUUID();
  const notifier = appendNotifier(pool, tables.channel, origin, () => undefined);

  const subscribeToAll = (subscribe: SubscribeOptions): Subscription => {
    const wakeup = new WakeupSignal();
    localWakeups.add(wakeup);
    const reportError = (error: unknown) => subscribe.onError?.(error);
    const listener = listenForAppends(pool, tables.channel, () => wakeup.notify(), reportError, origin);
    const subscription = pollingSubscription({
      ...subscribe,
      readAll: (read) => readAll(pool, tables, read),
      readLog: (read) => readLog(pool, tables, read),
      wakeup,
      pollIntervalMs,
      onClose: async () => {
        subscriptions.delete(subscription);
        localWakeups.delete(wakeup);
        await listener.close();
      },
    });
    subscriptions.add(subscription);
    return subscription;
  };

  return {
    pool,
    ensureSchema: () => ensureEventStoreSchema(pool, tables),
    async append(stream, events, expected) {
      const result = await appendToStream(pool, tables, stream, events, expected);
      if (events.length > 0) {
        for (const wakeup of localWakeups) wakeup.notify();
        if ((options.othersFollow?.() ?? true) && !options.announceAppends?.()) notifier.notify();
      }
      return result;
    },
    readStream: (stream, options) => readStream(pool, tables, stream, options),
    readAll: (read) => readAll(pool, tables, read),
    subscribeToAll,
    async close() {
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      await notifier.drained();
      if (ownsPool) await pool.end();
    },
  };
}
