/** How a command without an answer is sent again. */
export interface RetryPolicy {
  /** How long one attempt waits for its answer (cut to what the budget has left). */
  timeoutMs: number;
  /** No attempt starts after this long from the first. */
  withinMs: number;
  /** The first pause between attempts, doubled each time up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'timeoutMs'> = { withinMs: 15_000, backoffMs: 200, maxBackoffMs: 2_000 };

/** The shortest wait worth an attempt: below it the budget is spent. */
const MIN_ATTEMPT_MS = 250;

/**
 * Runs `attempt` until it succeeds, fails with an error `isRetryable` refuses, or the
 * budget is spent (then the last error is thrown). Each attempt gets the time left.
 */
export async function retryingUnavailable<T>(
  attempt: (timeoutMs: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  policy: Partial<RetryPolicy> & Pick<RetryPolicy, 'timeoutMs'>,
  clock: { now(): number; sleep(ms: number): Promise<void> } = systemClock,
): Promise<T> {
  const { timeoutMs, withinMs, backoffMs, maxBackoffMs } = { ...DEFAULT_RETRY, ...policy };
  const deadline = clock.now() + withinMs;
  let pause = backoffMs;
  for (;;) {
    const left = deadline - clock.now();
    try {
      return await attempt(Math.max(MIN_ATTEMPT_MS, Math.min(timeoutMs, left)));
    } catch (error) {
      if (!isRetryable(error) || deadline - clock.now() < pause + MIN_ATTEMPT_MS) throw error;
    }
    await clock.sleep(pause);
    pause = Math.min(pause * 2, maxBackoffMs);
  }
}

const systemClock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};
