import { START, StoredEvent, Subscription } from '@tenantry/event-store';
import { setTimeout as delay } from 'node:timers/promises';
import { Pool } from 'pg';
import {
  checkpointTable,
  commitCheckpointsAsynchronously,
  ensureCheckpointTable,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoints';
import { tryTakeLease, type Lease as Leadership } from '@tenantry/postgres';
import { publishEvents } from './publish-events';
import { CoalescedCheckpoints } from './coalesced-checkpoints';
import { isJetStreamUnavailable } from '../stream/jetstream-unavailable';
import { EventRelayOptions, RelayLogger, RelayStatus } from './relay-options';

const silent: RelayLogger = { info() {}, warn() {}, error() {} };

/**
 * Publishes every event of the store, in global order, to JetStream, at least once.
 * Several relays of one name may run: one leads (holds the advisory lock) and the
 * others stand by. The checkpoint is saved through the lock's session after the
 * PubAcks, so a relay that lost its lock cannot move the checkpoint.
 */
export class EventRelay {
  private readonly options: EventRelayOptions;
  private readonly logger: RelayLogger;
  private readonly table: string;
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly stopping = new AbortController();
  private subscription: Subscription | undefined;
  /** The leader's checkpoint writes, through its lock's session; not awaited by the batches. */
  private checkpoints: CoalescedCheckpoints | undefined;
  private running: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;
  private current: RelayStatus = {
    role: 'stopped',
    lastPosition: undefined,
    published: 0,
    duplicates: 0,
    skipped: 0,
    lastError: undefined,
  };

  constructor(options: EventRelayOptions) {
    this.options = options;
    this.logger = options.logger ?? silent;
    this.table = checkpointTable(options.schema);
    this.ownsPool = !('pool' in options.database);
    this.pool =
      'pool' in options.database
        ? options.database.pool
        : new Pool({ connectionString: options.database.connectionString, max: 3 });
    // A lock session the server drops must not crash the process: the relay notices and stands by.
    if (this.ownsPool)
      this.pool.on('error', (error) => this.logger.warn({ err: error }, 'relay database connection lost'));
  }

  get status(): RelayStatus {
    return { ...this.current };
  }

  /** Creates the checkpoint table, then runs (as leader or standby) until `stop()`. */
  async start(): Promise<void> {
    if (this.running) return;
    await ensureCheckpointTable(this.pool, this.options.schema);
    this.update({ role: 'standby' });
    this.running = this.run();
  }

  /** Reads the store now rather than at the next poll: a process announced an append. */
  wake(): void {
    this.subscription?.wake();
  }

  /** Stops publishing at once (an unacknowledged batch is not checkpointed) and frees the lock. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping.abort();
      const closing = this.subscription?.close();
      await closing;
      await this.running;
      if (this.ownsPool) await this.pool.end();
      this.update({ role: 'stopped' });
    })();
    return this.stopped;
  }

  private async run(): Promise<void> {
    const retryMs = this.options.leadershipRetryMs ?? 1000;
    const key = `tenantry.relay:${this.options.name}`;
    while (!this.stopping.signal.aborted) {
      const leadership = await tryTakeLease(this.pool, key, retryMs).catch((error: unknown) => {
        this.logger.warn({ err: error, relay: this.options.name }, 'relay could not try for leadership');
        return undefined;
      });
      if (leadership) await this.lead(leadership);
      else await delay(retryMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  private async lead(leadership: Leadership): Promise<void> {
    const { name } = this.options;
    try {
      await commitCheckpointsAsynchronously(leadership.session);
      this.checkpoints = new CoalescedCheckpoints({
        write: (position) => saveCheckpoint(leadership.session, this.table, name, position),
        intervalMs: this.options.checkpointIntervalMs ?? 100,
        onSaved: (position) => this.update({ lastPosition: position }),
        onError: (error) => this.logger.warn({ err: error, relay: name }, 'relay checkpoint not saved'),
      });
      const after = (await loadCheckpoint(leadership.session, this.table, name)) ?? START;
      this.update({ role: 'leader', lastPosition: after === START ? undefined : after });
      this.logger.info({ relay: name, after }, 'relay is leader');
      if (this.stopping.signal.aborted) return;
      this.subscription = this.options.store.subscribeToAll({
        after,
        batchSize: this.options.batchSize ?? 100,
        onEvents: (events) => this.relayBatch(events),
        onError: (error) => {
          this.update({ lastError: error instanceof Error ? error.message : String(error) });
          // A cluster electing a leader answers nothing for a moment: expected, so not an error.
          if (isJetStreamUnavailable(error))
            this.logger.warn({ err: error, relay: name }, 'JetStream unavailable (electing a leader?); retrying');
          else this.logger.error({ err: error, relay: name }, 'relay batch failed; retrying');
        },
      });
      const stopped = new Promise<void>((resolve) =>
        this.stopping.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      const lost = leadership.lost.then((reason) => {
        // Releasing the lock on stop also settles `lost`: that is not news.
        if (!this.stopping.signal.aborted) this.logger.warn({ err: reason, relay: name }, 'relay lost leadership');
      });
      await Promise.race([stopped, lost]);
      await this.subscription.close();
      await this.checkpoints.flush();
    } catch (error) {
      this.logger.error({ err: error, relay: name }, 'relay leadership failed');
    } finally {
      this.subscription = undefined;
      await leadership.release();
      if (!this.stopping.signal.aborted) this.update({ role: 'standby' });
    }
  }

  private async relayBatch(events: StoredEvent[]): Promise<void> {
    this.options.observe?.(events);
    const outcome = await publishEvents(
      this.options.js,
      events,
      this.options.subjectFor,
      this.options.publishTimeoutMs,
    );
    await this.options.hooks?.beforeCheckpoint?.(events);
    // The next batch is read while the checkpoint is written: the lock's session writes
    // checkpoints one after the other, in order, and one lost with it only means re-publishing.
    this.checkpoints?.save(events[events.length - 1]!.position);
    this.update({
      published: this.current.published + outcome.stored,
      duplicates: this.current.duplicates + outcome.duplicates,
      skipped: this.current.skipped + outcome.skipped,
      lastError: undefined,
    });
  }

  private update(change: Partial<RelayStatus>): void {
    this.current = { ...this.current, ...change };
    this.options.onStatus?.(this.status);
  }
}
