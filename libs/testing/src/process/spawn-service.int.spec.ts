import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaitTimeout } from '../wait/wait-timeout';
import { spawnService } from './spawn-service';

let folder: string;
let script: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'spawn-service-'));
  script = join(folder, 'service.js');
  writeFileSync(
    script,
    `console.log('starting ' + process.env.GREETING);
     setTimeout(() => console.error('listening on 1234'), 20);
     process.on('SIGTERM', () => { console.log('stopping'); process.exit(0); });
     setInterval(() => {}, 1000);`,
  );
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('spawnService', () => {
  it('passes the environment, captures both outputs and stops on SIGTERM', async () => {
    const service = spawnService(script, { GREETING: 'hello' }, { name: 'demo' });
    expect((await service.waitForLog(/listening on (\d+)/))[1]).toBe('1234');
    expect(service.logs).toContain('starting hello');
    expect(await service.stop()).toEqual({ code: 0, signal: null });
    expect(service.logs).toContain('stopping');
  });

  it('kills with a signal', async () => {
    const service = spawnService(script, {});
    await service.waitForLog(/listening/);
    expect(await service.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('fails a log wait when the process exits first', async () => {
    const exiting = join(folder, 'exits.js');
    writeFileSync(exiting, `console.log('bye'); process.exit(3);`);
    const service = spawnService(exiting, {});
    await expect(service.waitForLog(/never/, { within: '5s' })).rejects.toThrow(WaitTimeout);
    expect(await service.exited).toEqual({ code: 3, signal: null });
  });

  it('has every line the process wrote once it has exited, its last ones included', async () => {
    const chatty = join(folder, 'chatty.js');
    // 60 KiB: the pipe holds it all, so the process writes it and exits before anything is read.
    writeFileSync(
      chatty,
      `process.stdout.write(Array.from({ length: 600 }, (_, i) => 'line ' + i + ' ' + 'x'.repeat(90) + '\\n').join(''), () => process.exit(0));`,
    );
    for (let run = 0; run < 5; run++) {
      const service = spawnService(chatty, {});
      // This process busy meanwhile: its exit and its output are then both waiting to be handled.
      const busyUntil = Date.now() + 150;
      while (Date.now() < busyUntil);
      expect(await service.exited).toEqual({ code: 0, signal: null });
      expect(service.logs).toHaveLength(600);
      expect(service.logs.at(-1)).toMatch(/^line 599 x+$/);
    }
  });
});
