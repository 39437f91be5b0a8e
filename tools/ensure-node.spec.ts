import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');
const read = (...path: string[]): string => readFileSync(join(ROOT, ...path), 'utf8');
const engineOf = (...path: string[]): string | undefined =>
  (JSON.parse(read(...path)) as { engines?: { node?: string } }).engines?.node;
const WANTED = read('.nvmrc').trim();

describe('the Node.js the repository runs on', () => {
  it('is one exact version in .nvmrc, which the root engines range admits', () => {
    expect(WANTED).toMatch(/^\d+\.\d+\.\d+$/);
    const [, major, minor] = /^>=(\d+)\.(\d+)$/.exec(engineOf('package.json') ?? '') ?? [];
    const [wantedMajor, wantedMinor] = WANTED.split('.').map(Number);
    expect(wantedMajor).toBe(Number(major));
    expect(wantedMinor).toBeGreaterThanOrEqual(Number(minor));
  });

  it('is required the same way by every workspace package', () => {
    const packages = ['libs', 'services'].flatMap((folder) =>
      readdirSync(join(ROOT, folder)).map((name) => [folder, name, 'package.json']),
    );
    for (const path of packages)
      expect([path.join('/'), engineOf(...path)]).toEqual([path.join('/'), engineOf('package.json')]);
  });

  it('runs these tests', () => {
    expect(process.versions.node.split('.')[0]).toBe(WANTED.split('.')[0]);
  });
});

describe('tools/ensure-node.js on a Node of the wanted major', () => {
  it('prints the running Node’s own directory and installs nothing', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'tools', 'ensure-node.js')], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(dirname(process.execPath));
    expect(result.stderr).not.toMatch(/installing/);
  });
});
