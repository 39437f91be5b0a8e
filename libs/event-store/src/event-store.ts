/**
 * The event store port. The store is the only source of truth; everything else
 * (JetStream, read models) is derived from it and can be rebuilt.
 */

/** A stream holds one aggregate's events, e.g. `tenant-acme`. */
export type StreamName = string;

/**
 * Opaque, ordered position in the global log. Adapters encode what they need
 * (PostgreSQL: transaction id and sequence; KurrentDB: commit and prepare).
 * Only the adapter that produced it can compare it; `START` reads from the beginning.
 */
export type GlobalPosition = string;
export const START: GlobalPosition = 'start';

/** Expected stream revision for optimistic concurrency. Revisions start at 0 for the first event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  [key: string]: unknown;
}

export interface NewEvent {
  /** UUIDv7; becomes `Nats-Msg-Id` downstream, so a re-publish is deduplicated. */
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata?: EventMetadata;
}

export interface StoredEvent {
  id: string;
  stream: StreamName;
  type: string;
  /** 0-based revision of the event in its stream. */
  revision: bigint;
  /** Where the event sits in the global log; pass it as `after` to continue. */
  position: GlobalPosition;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the last appended event. */
  nextExpectedRevision: bigint;
  position: GlobalPosition;
}

export interface ReadStreamOptions {
  /** First revision to return (inclusive); from the start when omitted. */
  fromRevision?: bigint;
}

export interface ReadAllOptions {
  after?: GlobalPosition;
  limit?: number;
  /**
   * Every event committed now, also those an adapter holds back while an older write is
   * still running (PostgreSQL does, so that a reader continuing from its last position
   * skips nothing). For a snapshot of what is stored (read-your-writes), not for
   * following the log: a later read after the last position may miss a late commit.
   */
  everythingCommitted?: boolean;
}

export interface Subscription {
  /** Reads now rather than at the next poll: something was appended (a hint from outside the store, e.g. a broker message). */
  wake(): void;
  close(): Promise<void>;
}

export interface SubscribeOptions {
  after?: GlobalPosition;
  /** Called for each batch in global order; the next batch waits for it to settle. */
  onEvents(events: StoredEvent[]): Promise<void>;
  onError?(error: unknown): void;
  batchSize?: number;
}

export interface EventStore {
  /** Appends atomically; throws `ExpectedRevisionConflict` when `expected` does not hold. */
  append(stream: StreamName, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream, oldest first, from `fromRevision` on; `[]` when it does not exist. */
  readStream(stream: StreamName, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /**
   * Events in global order after a position. Never skips an event: an event whose
   * transaction commits late is returned before any event ordered after it.
   */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** Follows the global log from `after`, live, until closed. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export class ExpectedRevisionConflict extends Error {
  readonly code = 'EXPECTED_REVISION_CONFLICT';
  constructor(
    readonly stream: StreamName,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
    options?: { cause?: unknown },
  ) {
    super(`Stream ${stream} is at ${String(actual)}, expected ${String(expected)}`, options);
    this.name = 'ExpectedRevisionConflict';
  }
}
