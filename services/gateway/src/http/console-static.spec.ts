import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { get, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsoleHandler } from './console-static';
import { createGatewayServer } from './gateway-server';

describe('the gateway serves the console at /', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const answer = (name: string) => (_: unknown, res: import('node:http').ServerResponse) => res.end(name);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    server = createGatewayServer({ graphql: answer('graphql'), rest: answer('rest'), health: answer('health'), console: createConsoleHandler(dir) });
    await new Promise<void>((resolve) => server.listen(0, resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers / with index.html, never cached', async () => {
    const response = await fetch(`${base}/`);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>console</title>');
  });

  it('answers a console route with index.html (SPA fallback)', async () =>
    expect(await (await fetch(`${base}/tenants/acme-fc?x=1`)).text()).toContain('<title>console</title>'));

  it('serves hashed assets with their type, cached for good', async () => {
    const response = await fetch(`${base}/assets/app-1234.js`);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('answers a missing file 404 instead of the page', async () =>
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404));

  it('never leaves its folder', async () => {
    // fetch would normalise the dots away; send the raw path.
    const status = await new Promise<number | undefined>((resolve, reject) =>
      get(`${base}/%2e%2e/%2e%2e/etc/hostname.txt`, (res) => resolve(res.resume().statusCode)).on('error', reject));
    expect(status).toBe(404);
    const raw = await new Promise<number | undefined>((resolve, reject) =>
      get({ host: '127.0.0.1', port: new URL(base).port, path: '/../../etc/passwd' }, (res) => resolve(res.resume().statusCode)).on('error', reject));
    expect(raw).toBe(404);
  });

  it('leaves /graphql, /api and health to their handlers', async () => {
    expect(await (await fetch(`${base}/graphql`)).text()).toBe('graphql');
    expect(await (await fetch(`${base}/api/tenants`)).text()).toBe('rest');
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('health');
  });

  it('refuses to be written to', async () => expect((await fetch(`${base}/tenants`, { method: 'POST' })).status).toBe(405));
});
