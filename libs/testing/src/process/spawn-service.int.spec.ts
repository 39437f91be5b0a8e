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
});
