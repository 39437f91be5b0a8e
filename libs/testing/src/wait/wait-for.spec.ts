import { waitFor } from './wait-for';
import { WaitTimeout } from './wait-timeout';

describe('waitFor', () => {
  it('returns the first probed value that satisfies the predicate', async () => {
    let calls = 0;
    const value = await waitFor(
      () => ++calls,
      (n) => n >= 3,
      { within: '1s' },
    );
    expect(value).toBe(3);
  });

  it('treats a throwing probe as not yet', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        if (++calls < 3) throw new Error('not ready');
        return 'ready';
      },
      (v) => v === 'ready',
    );
    expect(value).toBe('ready');
  });

  it('names what it waited for and the last value seen when time runs out', async () => {
    const waiting = waitFor(
      () => ({ status: 'PENDING' }),
      (t) => t.status === 'ACTIVE',
      {
        within: '100ms',
        description: 'tenant acme to be ACTIVE',
      },
    );
    await expect(waiting).rejects.toThrow(WaitTimeout);
    await expect(waiting).rejects.toThrow(/tenant acme to be ACTIVE.*last seen: \{ status: 'PENDING' \}/);
  });
});
