import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceScript, spawnService } from '@tenantry/testing';

/** A bad TENANT_MIGRATIONS_DIR stops the provisioner and the gateway at start, with the reason, before any tenant meets it. */
describe('the application migrations folder at start', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'bad-migrations-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const startFails = async (service: 'provisioner' | 'gateway', dir: string, reason: RegExp) => {
    const started = spawnService(serviceScript(service), {
      TENANT_MIGRATIONS_DIR: dir,
      NATS_URL: 'nats://127.0.0.1:1',
      PORT: '0',
      METRICS_PORT: '0',
    });
    expect(await started.exited).toEqual({ code: 1, signal: null });
    expect(started.logs.join('\n')).toMatch(reason);
  };

  it('refuses a folder that does not exist', () =>
    startFails(
      'provisioner',
      join(scratch, 'absent'),
      /failed to start: TENANT_MIGRATIONS_DIR: .*absent is not a folder/,
    ));

  it('refuses a .sql and a .js of the same name', async () => {
    const dir = mkdtempSync(join(scratch, 'twins-'));
    writeFileSync(join(dir, '001-notes.sql'), 'create table notes (id int);');
    writeFileSync(join(dir, '001-notes.js'), 'exports.x = 1;');
    await startFails('provisioner', dir, /001-notes\.js and 001-notes\.sql/);
    await startFails('gateway', dir, /001-notes\.js and 001-notes\.sql/);
  });

  it('refuses a .js file that exports no Migration class', async () => {
    const dir = mkdtempSync(join(scratch, 'no-class-'));
    writeFileSync(join(dir, '001-notes.js'), 'exports.up = () => undefined;');
    await startFails('provisioner', dir, /Migration 001-notes\.js must export one MikroORM Migration class/);
  });
});
