import { ExpectedRevision, ExpectedRevisionConflict, StreamName } from './event-store';

/** The stream's last revision, or `'no_stream'` when it has no events yet. */
export type CurrentRevision = bigint | 'no_stream';

export function satisfiesExpectedRevision(expected: ExpectedRevision, current: CurrentRevision): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === 'no_stream';
  if (expected === 'stream_exists') return current !== 'no_stream';
  return current === expected;
}

export function assertExpectedRevision(stream: StreamName, expected: ExpectedRevision, current: CurrentRevision): void {
  if (!satisfiesExpectedRevision(expected, current)) throw new ExpectedRevisionConflict(stream, expected, current);
}

/** Revision the first new event gets. */
export const firstNewRevision = (current: CurrentRevision): bigint => (current === 'no_stream' ? 0n : current + 1n);
