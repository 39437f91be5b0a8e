import { CoalescedCheckpoints } from './coalesced-checkpoints';

/** Checkpoint writes that stay in flight until the test settles them. */
function heldWrites() {
  const started: Array<{ position: string; settle: (error?: Error) => void }> = [];
  const saved: string[] = [];
  const failed: unknown[] = [];
  const checkpoints = (intervalMs: number) =>
    new CoalescedCheckpoints({
      write: (position) =>
        new Promise<void>((resolve, reject) =>
          started.push({ position, settle: (error) => (error ? reject(error) : resolve()) }),
        ),
      intervalMs,
      onSaved: (position) => saved.push(position),
      onError: (error) => failed.push(error),
    });
  return { started, saved, failed, checkpoints };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('the relay’s coalesced checkpoint writes', () => {
  it('writes the first position at once, and what came during a write as one write of the latest', async () => {
    const { started, saved, checkpoints } = heldWrites();
    const writer = checkpoints(0);
    writer.save('1');
    writer.save('2');
    writer.save('3');
    expect(started.map((w) => w.position)).toEqual(['1']);

    started[0]!.settle();
    await settled();
    expect(started.map((w) => w.position)).toEqual(['1', '3']);
    started[1]!.settle();
    await writer.flush();
    expect(saved).toEqual(['1', '3']);
  });

  it('starts at most one write per interval, and flush writes what is pending at once', async () => {
    const { started, saved, checkpoints } = heldWrites();
    const writer = checkpoints(60_000);
    writer.save('1');
    started[0]!.settle();
    await settled();
    writer.save('2');
    await settled();
    expect(started).toHaveLength(1);

    const flushed = writer.flush();
    await settled();
    expect(started.map((w) => w.position)).toEqual(['1', '2']);
    started[1]!.settle();
    await flushed;
    expect(saved).toEqual(['1', '2']);
  });

  it('reports a failed write and writes the next position later', async () => {
    const { started, saved, failed, checkpoints } = heldWrites();
    const writer = checkpoints(0);
    writer.save('1');
    started[0]!.settle(new Error('connection lost'));
    await settled();
    writer.save('2');
    started[1]!.settle();
    await writer.flush();
    expect(failed).toEqual([new Error('connection lost')]);
    expect(saved).toEqual(['2']);
  });
});
