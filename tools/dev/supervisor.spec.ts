import { restartDelay, supervise } from './supervisor';

interface FakeChild {
  pid: number;
  ready: Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop: jest.Mock;
  becomeReady(): void;
  exit(status: { code: number | null; signal: string | null }): void;
}

const fakeChild = (pid: number): FakeChild => {
  let becomeReady!: () => void;
  let failReady!: (error: Error) => void;
  let exit!: (status: { code: number | null; signal: string | null }) => void;
  const ready = new Promise<RegExpMatchArray>((resolve, reject) => {
    becomeReady = () => resolve(['ready'] as unknown as RegExpMatchArray);
    failReady = reject;
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => (exit = resolve));
  return {
    pid,
    ready,
    exited,
    becomeReady,
    exit: (status) => {
      failReady(new Error('exited before it was ready'));
      exit(status);
    },
    stop: jest.fn(async () => undefined),
  };
};

describe('the launcher supervisor', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const world = () => {
    const children: FakeChild[] = [];
    const lines: string[] = [];
    let clock = 0;
    const supervisor = supervise({
      name: 'provisioner',
      launch: () => {
        const child = fakeChild(100 + children.length);
        children.push(child);
        return child;
      },
      say: (line: string) => lines.push(line),
      now: () => clock,
    });
    return { supervisor, children, lines, pass: (ms: number) => (clock += ms) };
  };

  it('waits 0.5 s before the first restart of a series, doubling up to 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => restartDelay(attempt))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('restarts a service that dies after it was ready, saying why and when', async () => {
    const { supervisor, children, lines } = world();
    children[0]!.becomeReady();
    await supervisor.ready;
    children[0]!.exit({ code: null, signal: 'SIGKILL' });
    await jest.advanceTimersByTimeAsync(499);
    expect(children).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(children).toHaveLength(2);
    children[1]!.exit({ code: 1, signal: null });
    await jest.advanceTimersByTimeAsync(1000);
    expect(children).toHaveLength(3);
    children[2]!.becomeReady();
    await jest.advanceTimersByTimeAsync(0);
    expect(lines).toEqual([
      'provisioner started (pid 100)',
      'provisioner exited unexpectedly (SIGKILL); restarting in 0.5 s (restart 1)',
      'provisioner started (pid 101)',
      'provisioner exited unexpectedly (exit code 1); restarting in 1 s (restart 2)',
      'provisioner started (pid 102)',
      'provisioner is running again (restart 2)',
    ]);
  });

  it('starts the series again after a child stayed up a while', async () => {
    const { supervisor, children, lines, pass } = world();
    children[0]!.becomeReady();
    await supervisor.ready;
    children[0]!.exit({ code: 1, signal: null });
    await jest.advanceTimersByTimeAsync(500);
    children[1]!.becomeReady();
    pass(30_000);
    children[1]!.exit({ code: 1, signal: null });
    await jest.advanceTimersByTimeAsync(0);
    expect(lines.at(-1)).toBe('provisioner exited unexpectedly (exit code 1); restarting in 0.5 s (restart 1)');
  });

  it('does not restart a service whose first start failed: npm start reports it', async () => {
    const { supervisor, children } = world();
    children[0]!.exit({ code: 1, signal: null });
    await expect(supervisor.ready).rejects.toThrow('exited before it was ready');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(children).toHaveLength(1);
  });

  it('stops the child, and a restart that was pending never happens', async () => {
    const { supervisor, children } = world();
    children[0]!.becomeReady();
    await supervisor.ready;
    children[0]!.exit({ code: null, signal: 'SIGKILL' });
    await jest.advanceTimersByTimeAsync(0);
    await supervisor.stop(5000);
    expect(children[0]!.stop).toHaveBeenCalledWith(5000);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(children).toHaveLength(1);
  });
});
