import { GlobalPosition, START } from '../event-store';

/**
 * A PostgreSQL position is the pair (transaction id, global position): rows are
 * ordered by the transaction that wrote them first, so a reader that only reads
 * transactions older than every running one never skips a late commit.
 */
export interface PostgresPosition {
  transactionId: bigint;
  globalPosition: bigint;
}

export const BEFORE_FIRST: PostgresPosition = { transactionId: 0n, globalPosition: 0n };

export class InvalidGlobalPosition extends Error {
  readonly code = 'INVALID_GLOBAL_POSITION';
  constructor(readonly position: string) {
    super(`Not a PostgreSQL event store position: ${JSON.stringify(position)}`);
    this.name = 'InvalidGlobalPosition';
  }
}

export const formatPosition = (position: PostgresPosition): GlobalPosition =>
  `${position.transactionId}:${position.globalPosition}`;

export function parsePosition(position: GlobalPosition | undefined): PostgresPosition {
  if (position === undefined || position === START) return BEFORE_FIRST;
  const match = /^(\d+):(\d+)$/.exec(position);
  if (!match) throw new InvalidGlobalPosition(position);
  return { transactionId: BigInt(match[1]!), globalPosition: BigInt(match[2]!) };
}

/** Negative, zero or positive as `a` sorts before, with or after `b`. */
export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  const left = parsePosition(a);
  const right = parsePosition(b);
  if (left.transactionId !== right.transactionId) return left.transactionId < right.transactionId ? -1 : 1;
  if (left.globalPosition !== right.globalPosition) return left.globalPosition < right.globalPosition ? -1 : 1;
  return 0;
}
