import { retryingUnavailable } from './retry-unavailable';

class Unavailable extends Error {}

/** A clock that moves only when slept on, or when an attempt says it waited. */
function fakeClock() {
  let now = 0;
  const pauses: number[] = [];
  return {
    pauses,
    now: () => now,
    advance: (ms: number) => void (now += ms),
    sleep: async (ms: number) => void (pauses.push(ms), (now += ms)),
  };
}

describe('sending a command again when it found no answer', () => {
  it('retries an unavailable service with growing pauses until it answers', async () => {
    const clock = fakeClock();
    let attempts = 0;

    const answer = await retryingUnavailable(
      async () => {
        if (++attempts < 4) throw new Unavailable();
        return 'accepted';
      },
      (e) => e instanceof Unavailable,
      { timeoutMs: 1_000, withinMs: 10_000, backoffMs: 200, maxBackoffMs: 500 },
      clock,
    );

    expect(answer).toBe('accepted');
    expect(clock.pauses).toEqual([200, 400, 500]);
  });

  it('gives up with the last error once the budget is spent, and cuts the last attempt’s wait to what is left', async () => {
    const clock = fakeClock();
    const waits: number[] = [];

    await expect(
      retryingUnavailable(
        async (timeoutMs) => {
          waits.push(timeoutMs);
          clock.advance(timeoutMs);
          throw new Unavailable();
        },
        (e) => e instanceof Unavailable,
        { timeoutMs: 4_000, withinMs: 10_000, backoffMs: 500, maxBackoffMs: 500 },
        clock,
      ),
    ).rejects.toBeInstanceOf(Unavailable);

    expect(waits).toEqual([4_000, 4_000, 1_000]);
  });

  it('does not retry an error that is an answer', async () => {
    const clock = fakeClock();
    let attempts = 0;

    await expect(
      retryingUnavailable(
        async () => {
          attempts += 1;
          throw new Error('TENANT_EXISTS');
        },
        (e) => e instanceof Unavailable,
        { timeoutMs: 1_000 },
        clock,
      ),
    ).rejects.toThrow('TENANT_EXISTS');

    expect(attempts).toBe(1);
  });
});
