import { GlobalPosition, START } from '../event-store';

/**
 * A KurrentDB position is where an event sits in the transaction log that `$all`
 * reads: commit position first, then prepare position (events of one write can
 * share a commit position). Encoded as `C:<commit>/P:<prepare>`, the form the
 * server's own tools print, so it never parses as a PostgreSQL position.
 */
export interface KurrentPosition {
  commit: bigint;
  prepare: bigint;
}

export class InvalidKurrentPosition extends Error {
  readonly code = 'INVALID_GLOBAL_POSITION';
  constructor(readonly position: string) {
    super(`Not a KurrentDB event store position: ${JSON.stringify(position)}`);
    this.name = 'InvalidKurrentPosition';
  }
}

export const formatKurrentPosition = (position: KurrentPosition): GlobalPosition =>
  `C:${position.commit}/P:${position.prepare}`;

/** `undefined` for START: read `$all` from its beginning. */
export function parseKurrentPosition(position: GlobalPosition | undefined): KurrentPosition | undefined {
  if (position === undefined || position === START) return undefined;
  const match = /^C:(\d+)\/P:(\d+)$/.exec(position);
  if (!match) throw new InvalidKurrentPosition(position);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

/** Negative, zero or positive as `a` sorts before, with or after `b`; START sorts first. */
export function compareKurrentPositions(a: KurrentPosition | undefined, b: KurrentPosition | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}
