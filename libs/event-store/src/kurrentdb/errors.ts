import { ErrorType } from '@kurrent/kurrentdb-client';
import type { WrongExpectedVersionError } from '@kurrent/kurrentdb-client';

// Checked by `type`, not `instanceof`: two copies of the client in node_modules must not break the mapping.
const hasType = (error: unknown, type: ErrorType): boolean =>
  typeof error === 'object' && error !== null && (error as { type?: unknown }).type === type;

export const isWrongExpectedVersion = (error: unknown): error is WrongExpectedVersionError =>
  hasType(error, ErrorType.WRONG_EXPECTED_VERSION);

export const isStreamNotFound = (error: unknown): boolean => hasType(error, ErrorType.STREAM_NOT_FOUND);

/** The server does not return positions with stream reads (KurrentDB/EventStoreDB before 22.6). */
export class KurrentServerTooOld extends Error {
  readonly code = 'KURRENTDB_SERVER_TOO_OLD';
  constructor(what: string) {
    super(
      `KurrentDB returned ${what} without a log position: the event store needs KurrentDB (or EventStoreDB 22.6 or later)`,
    );
    this.name = 'KurrentServerTooOld';
  }
}

/** The live subscription that wakes readers up dropped; reading goes on by polling until it is back. */
export class KurrentLiveSubscriptionLost extends Error {
  readonly code = 'KURRENTDB_LIVE_SUBSCRIPTION_LOST';
  constructor(options: { cause: unknown }) {
    super('KurrentDB live subscription to $all dropped; polling until it is re-established', options);
    this.name = 'KurrentLiveSubscriptionLost';
  }
}
