import type { NatsNames } from '@tenantry/messaging';
import type { ConsumerMessages, JetStreamManager, JsMsg, NatsConnection } from 'nats';
import { setTimeout as delay } from 'node:timers/promises';
import { Pool } from 'pg';
import { nonAppendingSessionName } from '@tenantry/event-store';
import { applyBatch, BatchOutcome } from './apply-batch';
import { CHECKPOINTS } from '../tables';
import { readCheckpoint } from '../tables/view-reads';
import { leapNotificationCursors } from '../tables/notification-cursor-leap';
import { publishCommitted } from './live-publisher';
import { placeProjectorConsumer } from './projector-consumer';
import { asLeaseLost, leaseFence, ProjectorLease, tryTakeProjectorLease } from './projector-lease';
import { HeldViews } from './held-views';
import { ReadModelLogger, silentLogger } from '../read-model-logger';
import { decodeStreamedEvent, StreamedEvent, TenantEventsLoader } from './streamed-event';
import { closeDeliveryGaps, jetStreamReader, StreamReader } from './delivery-gaps';

/**
 * What a lease's batches share: its fence (the statement sent with each COMMIT), the views
 * they committed, and where they read back what the consumer did not deliver.
 */
interface Leading {
  fence: string;
  held: HeldViews;
  stream: StreamReader;
}

export type ProjectorRole = 'stopped' | 'standby' | 'leader';

/** What the projector is doing, as data (health endpoint, metrics, the rebuild's progress). */
export interface ProjectorStatus {
  role: ProjectorRole;
  /** Last stream sequence committed to the read models. */
  checkpoint: number;
  applied: number;
  skipped: number;
  /** Messages that could not be decoded as tenant events (logged, acknowledged, skipped). */
  undecodable: number;
}

export interface ProjectorOptions {
  /** For the advisory-lock session and the batch transactions (plain SQL on a small pool of their own). */
  databaseUrl: string;
  nats: NatsConnection;
  names: NatsNames;
  logger?: ReadModelLogger;
  /** Publish committed notifications and tenant views on NATS core (the rebuild does not). */
  publish?: boolean;
  /** Messages per transaction at most; 100 by default. */
  batchSize?: number;
  /** JetStream ack wait of the durable consumer; 30 s by default. */
  ackWaitMs?: number;
  /** How often a standby tries to take over and the leader checks its lock session; 1 s by default. */
  leaseRetryMs?: number;
  /** Reads a tenant's events from the event store, to fill a gap left by an out-of-order delivery. */
  loadTenantEvents?: TenantEventsLoader;
  /** Name of the checkpoint row. */
  checkpointName?: string;
  onBatch?(outcome: BatchOutcome, status: ProjectorStatus): void;
}

export const PROJECTOR_CHECKPOINT = 'projector';

/**
 * Keeps the read models current from the tenant events stream. One projector leads
 * (holds the advisory lock) among all gateways; each fetched batch is applied in one
 * transaction, then published on NATS core, then acknowledged.
 */
export class Projector {
  private readonly stopping = new AbortController();
  private readonly logger: ReadModelLogger;
  /** Batch transactions: one at a time, plus one spare for a transaction being rolled back. */
  private readonly pool: Pool;
  private running: Promise<void> | undefined;
  private current: ProjectorStatus = { role: 'stopped', checkpoint: 0, applied: 0, skipped: 0, undecodable: 0 };

  constructor(private readonly options: ProjectorOptions) {
    this.logger = options.logger ?? silentLogger;
    // Named as never appending: the relay need not wait for a batch transaction to read the events committed during it.
    this.pool = new Pool({
      connectionString: options.databaseUrl,
      max: 2,
      application_name: nonAppendingSessionName('tenantry-projector'),
      // Its batches' statements are prepared (apply-batch.ts): keep their generic plans at once.
      options: '-c plan_cache_mode=force_generic_plan',
    });
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'projector database connection failed'));
  }

  get status(): ProjectorStatus {
    return { ...this.current };
  }

  start(): void {
    if (this.running) return;
    this.current.role = 'standby';
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    await this.pool.end().catch(() => undefined);
    this.current.role = 'stopped';
  }

  private async run(): Promise<void> {
    const retryMs = this.options.leaseRetryMs ?? 1000;
    while (!this.stopping.signal.aborted) {
      const lease = await tryTakeProjectorLease(this.options.databaseUrl, retryMs).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'projector could not try for the lock');
        return undefined;
      });
      if (lease && this.stopping.signal.aborted) await lease.release();
      else if (lease) await this.lead(lease);
      if (!this.stopping.signal.aborted) await this.pause(retryMs);
    }
  }

  private async lead(lease: ProjectorLease): Promise<void> {
    const { nats, names } = this.options;
    let messages: ConsumerMessages | undefined;
    try {
      this.current.role = 'leader';
      const jsm = await nats.jetstreamManager();
      await this.waitForStream(jsm);
      const checkpoint = await this.loadCheckpoint(jsm);
      // Batches commit without waiting for the WAL flush (see applyAndAck): what a server crash
      // loses is projected again from the checkpoint, under cursors never handed out before.
      await leapNotificationCursors(this.pool);
      const placement = await placeProjectorConsumer(jsm, names, checkpoint, {
        ackWaitMs: this.options.ackWaitMs ?? 30_000,
        maxAckPending: (this.options.batchSize ?? 100) * 10,
      });
      this.logger.info({ checkpoint, consumer: names.consumers.projector, placement }, 'projector is leading');
      const consumer = await nats.jetstream().consumers.get(names.stream, names.consumers.projector);
      // A deleted consumer or stream ends the iteration, and the projector steps down and places it again.
      messages = await consumer.consume({
        max_messages: (this.options.batchSize ?? 100) * 2,
        expires: 5_000,
        abort_on_missing_resource: true,
      });
      // What this lease's batches committed: valid while the lease is, so made anew for each.
      await this.project(messages, lease, {
        fence: leaseFence(lease),
        held: new HeldViews(),
        stream: jetStreamReader(jsm, names.stream),
      });
    } catch (error) {
      if (!this.stopping.signal.aborted) this.logger.error({ err: error }, 'projector stepped down; it will try again');
    } finally {
      await messages?.close().catch(() => undefined);
      await lease.release();
      if (!this.stopping.signal.aborted) this.current.role = 'standby';
    }
  }

  /** Applies what arrives, in batches of whatever is queued, until stopped or the lease is lost. */
  private async project(messages: ConsumerMessages, lease: ProjectorLease, leading: Leading): Promise<void> {
    const queue: JsMsg[] = [];
    let wake: () => void = () => undefined;
    let ended = false;
    const pump = (async () => {
      for await (const message of messages) {
        queue.push(message);
        wake();
      }
    })().finally(() => {
      ended = true;
      wake();
    });
    const interrupted = Promise.race([
      lease.lost.then((reason) => {
        throw reason instanceof Error ? reason : new Error('projector lease lost', { cause: reason });
      }),
      new Promise<void>((resolve) => this.stopping.signal.addEventListener('abort', () => resolve(), { once: true })),
    ]);
    interrupted.catch(() => undefined);
    try {
      while (!this.stopping.signal.aborted) {
        if (queue.length === 0) {
          if (ended) throw new Error('the projector consumer stopped delivering');
          await Promise.race([new Promise<void>((resolve) => (wake = resolve)), interrupted]);
          continue;
        }
        // Messages that arrived together (one relay batch: e.g. a job's events of one append) reach
        // the queue over several microtasks: let them all in, so they share one transaction.
        if (queue.length < (this.options.batchSize ?? 100)) await new Promise((resolve) => setImmediate(resolve));
        const batch = queue.splice(0, this.options.batchSize ?? 100);
        await this.applyAndAck(batch, leading);
      }
    } finally {
      messages.stop();
      await pump.catch(() => undefined);
    }
  }

  private async applyAndAck(batch: JsMsg[], { fence, held, stream }: Leading): Promise<void> {
    // The consumer acknowledges all (projector-consumer.ts): one acknowledgement for the batch, its highest.
    const last = batch.reduce((highest, message) => (message.seq > highest.seq ? message : highest));
    const checkpoint = this.current.checkpoint;
    const { messages, readBack } = await closeDeliveryGaps(batch, checkpoint, stream);
    if (readBack > 0)
      this.logger.warn(
        { checkpoint, readBack, lastDelivered: last.seq },
        'projector read back messages its consumer did not deliver',
      );
    if (messages.length === 0) {
      // Redeliveries of what is applied already.
      last.ack();
      return;
    }
    const events: StreamedEvent[] = [];
    for (const message of messages) {
      try {
        events.push(decodeStreamedEvent(message));
      } catch (error) {
        // A poison message must not stop every projection: it is logged and passed over.
        this.current.undecodable++;
        this.logger.error(
          { err: error, subject: message.subject, streamSequence: message.seq },
          'projector skipped an undecodable message',
        );
      }
    }
    const lastSequence = messages[messages.length - 1]!.seq;
    const outcome = await applyBatch(this.pool, events, lastSequence, {
      checkpointName: this.options.checkpointName ?? PROJECTOR_CHECKPOINT,
      commitGuard: fence,
      loadTenantEvents: this.options.loadTenantEvents,
      // Off the path of every notification: the flush (~1.7 ms here). A batch a server crash
      // loses is acknowledged already, but its checkpoint is lost with it and a new leader
      // places the consumer at the checkpoint (projector-consumer.ts), so it comes again.
      commitWithoutFlush: true,
      held,
    }).catch((error: unknown) => {
      throw asLeaseLost(error);
    });
    this.current.checkpoint = outcome.checkpoint;
    this.current.applied += outcome.applied;
    this.current.skipped += outcome.skipped;
    if (this.options.publish !== false) publishCommitted(this.options.nats, this.options.names, outcome);
    last.ack();
    this.options.onBatch?.(outcome, this.status);
  }

  /** The stream is created by whichever service starts first; wait for it rather than guess its settings. */
  private async waitForStream(jsm: JetStreamManager): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await jsm.streams.info(this.options.names.stream);
        return;
      } catch (error) {
        if (this.stopping.signal.aborted) throw error;
        if (attempt === 0)
          this.logger.warn({ stream: this.options.names.stream }, 'projector waits for the tenant events stream');
        await this.pause(this.options.leaseRetryMs ?? 1000);
      }
    }
  }

  /**
   * The committed checkpoint; 0 when the stream was recreated since (its last sequence is
   * behind the checkpoint), so everything is replayed and the tenants' versions skip what is known.
   */
  private async loadCheckpoint(jsm: JetStreamManager): Promise<number> {
    const name = this.options.checkpointName ?? PROJECTOR_CHECKPOINT;
    const checkpoint = await readCheckpoint(this.pool, name);
    const { state } = await jsm.streams.info(this.options.names.stream);
    if (checkpoint > state.last_seq) {
      this.logger.warn(
        { checkpoint, lastSequence: state.last_seq },
        'stream is behind the projector checkpoint (recreated?); replaying it',
      );
      await this.pool.query(
        `update ${CHECKPOINTS.sqlName} set "stream_sequence" = 0, "updated_at" = now() where "name" = $1`,
        [name],
      );
      this.current.checkpoint = 0;
      return 0;
    }
    this.current.checkpoint = checkpoint;
    return checkpoint;
  }

  private pause(ms: number): Promise<void> {
    return delay(ms, undefined, { signal: this.stopping.signal }).catch(() => undefined);
  }
}
