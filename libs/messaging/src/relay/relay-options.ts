import type { EventStore, GlobalPosition, StoredEvent } from '@tenantry/event-store';
import type { JetStreamClient } from 'nats';
import type { Pool } from 'pg';

export type RelayRole = 'stopped' | 'standby' | 'leader';

/** What the relay is doing, as data (for health endpoints and metrics). */
export interface RelayStatus {
  role: RelayRole;
  /** Position of the last event whose publication is acknowledged and checkpointed. */
  lastPosition: GlobalPosition | undefined;
  /** Messages the stream stored. */
  published: number;
  /** Messages the stream dropped as already stored (`Nats-Msg-Id` seen in its window). */
  duplicates: number;
  /** Events for which `subjectFor` gave no subject. */
  skipped: number;
  /** Why the last batch failed (it is being retried); cleared by the next success. */
  lastError: string | undefined;
}

/** pino-compatible: `logger.info({ fields }, 'message')`. */
export interface RelayLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface EventRelayOptions {
  /** Names the checkpoint row and the leadership lock: relays with one name share both. */
  name: string;
  store: EventStore;
  /** Holds the checkpoint table and the leadership lock; usually the event store's database. */
  database: { pool: Pool } | { connectionString: string };
  /** Schema of the `relay_checkpoints` table; `public` by default. */
  schema?: string;
  js: JetStreamClient;
  /** Subject of an event's message; undefined skips the event. */
  subjectFor: (event: StoredEvent) => string | undefined;
  /** Events published (pipelined) and checkpointed together; 100 by default. */
  batchSize?: number;
  /**
   * At most one checkpoint write per this interval (the latest acknowledged position); 100 ms
   * by default. Keep it far below the stream's duplicate window, which drops what a new
   * leader re-publishes from an older checkpoint.
   */
  checkpointIntervalMs?: number;
  /** How often a standby tries to take over, and the leader checks its lock session; 1000 ms by default. */
  leadershipRetryMs?: number;
  /** PubAck timeout per message; the batch is retried after a timeout. */
  publishTimeoutMs?: number;
  logger?: RelayLogger;
  onStatus?(status: RelayStatus): void;
  /** Sees each batch as it is read, before it is published (e.g. to keep folded states current). */
  observe?(events: readonly StoredEvent[]): void;
  /** For fault-injection tests only: runs after a batch is acknowledged, before its checkpoint is saved. */
  hooks?: { beforeCheckpoint?(events: StoredEvent[]): Promise<void> | void };
}
