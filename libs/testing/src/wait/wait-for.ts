import { Duration, toMilliseconds } from './duration';
import { WaitTimeout } from './wait-timeout';

export interface WaitOptions {
  within?: Duration;
  /** What is awaited, in words: it names the failure. */
  description?: string;
  /** Pause between probes; short by default. */
  interval?: Duration;
}

const DEFAULT_WITHIN = '10s';
const DEFAULT_INTERVAL = 20;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Probes until `predicate` holds for the probed value and returns that value. A probe
 * that throws counts as "not yet" (its error is kept as the last thing seen).
 * On timeout, throws `WaitTimeout` naming what was awaited and the last value seen.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  predicate: (value: T) => boolean = (value) => Boolean(value),
  options: WaitOptions = {},
): Promise<T> {
  const withinMs = toMilliseconds(options.within ?? DEFAULT_WITHIN);
  const intervalMs = toMilliseconds(options.interval ?? DEFAULT_INTERVAL);
  const description = options.description ?? `a value matching ${predicate.toString()}`;
  const deadline = Date.now() + withinMs;
  // Always set (a value or an error) before the deadline is checked.
  let lastSeen: unknown;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      lastSeen = value;
      if (predicate(value)) return value;
    } catch (error) {
      lastError = error;
      lastSeen = error;
    }
    if (Date.now() >= deadline) throw new WaitTimeout(description, withinMs, lastSeen, { cause: lastError });
    await pause(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

/** Waits until `condition()` is true. */
export const waitUntil = (condition: () => boolean | Promise<boolean>, options: WaitOptions = {}): Promise<boolean> =>
  waitFor(condition, (holds) => holds, options);
