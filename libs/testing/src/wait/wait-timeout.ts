import { describeValue } from './describe-value';

const NOTHING_SEEN = Symbol('nothing seen');

/** A condition did not hold within its deadline; says what was awaited and what was seen. */
export class WaitTimeout extends Error {
  readonly code = 'WAIT_TIMEOUT';
  constructor(
    readonly description: string,
    readonly withinMs: number,
    readonly lastSeen: unknown = NOTHING_SEEN,
    options?: { cause?: unknown },
  ) {
    const seen = lastSeen === NOTHING_SEEN ? 'nothing' : describeValue(lastSeen);
    super(`Timed out after ${withinMs}ms waiting for ${description}; last seen: ${seen}`, options);
    this.name = 'WaitTimeout';
  }
}

export { NOTHING_SEEN };
