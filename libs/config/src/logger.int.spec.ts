import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** A node process that logs through createLogger (the built library), its stdout collected. */
function runLogging(script: string): { lines: () => string[]; exited: Promise<number | null>; kill: () => void } {
  const logger = JSON.stringify(join(__dirname, '..', 'dist', 'logger.js'));
  const child = spawn(process.execPath, ['-e', `const log = require(${logger}).createLogger('spec'); ${script}`]);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // 'close', not 'exit': the child's stdout may still hold lines when it has exited.
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { lines: () => out.split('\n').filter(Boolean), exited, kill: () => child.kill() };
}

async function eventually(condition: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
}

describe('the services’ logger', () => {
  it('writes a lone line within its flush interval, while the process goes on', async () => {
    const run = runLogging(`log.info({ step: 1 }, 'one line'); setTimeout(() => {}, 5000);`);
    expect(await eventually(() => run.lines().length === 1, 2000)).toBe(true);
    expect(JSON.parse(run.lines()[0]!)).toMatchObject({ name: 'spec', msg: 'one line', step: 1 });
    run.kill();
    await run.exited;
  });

  it('loses no line and keeps their order when the process exits (as the services do, by process.exit), and censors secrets', async () => {
    // Several at once: an exit while a write was on its way reordered lines about one time in eight on a busy machine.
    const runs = Array.from({ length: 6 }, () =>
      runLogging(
        `for (let i = 0; i < 500; i++) log.info({ i, password: 'hunter2' }, 'line'); setTimeout(() => process.exit(0), 5);`,
      ),
    );
    for (const run of runs) {
      expect(await run.exited).toBe(0);
      const lines = run.lines().map((line) => JSON.parse(line) as { i: number; password: string });
      expect(lines.map((line) => line.i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
      expect(lines.every((line) => line.password === '***')).toBe(true);
    }
  });
});
