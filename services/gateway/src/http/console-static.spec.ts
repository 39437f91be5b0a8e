import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { get, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsoleHandler } from './console-static';
import { createGatewayServer } from './gateway-server';

const OUTSIDE_CONTENT = 'not-for-the-browser';

describe('the gateway serves the console at /', () => {
  /** Holds the console's folder and, beside it, a file the console must never serve. */
  let dir: string;
  let server: Server;
  let base: string;
  const answer = (name: string) => (_: unknown, res: import('node:http').ServerResponse) => res.end(name);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-'));
    const root = join(dir, 'console');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), OUTSIDE_CONTENT);
    server = createGatewayServer({
      graphql: answer('graphql'),
      rest: answer('rest'),
      health: answer('health'),
      console: createConsoleHandler(root),
    });
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

  // Each names secret.txt, one level above the console's folder, sent raw (fetch would normalise the dots away).
  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
  ])('never leaves its folder: %s is 404 and shows nothing of the file', async (path) => {
    const { status, body } = await rawGet(path);
    expect(status).toBe(404);
    expect(body).not.toContain(OUTSIDE_CONTENT);
  });

  it('leaves /graphql, /api and health to their handlers', async () => {
    expect(await (await fetch(`${base}/graphql`)).text()).toBe('graphql');
    expect(await (await fetch(`${base}/api/tenants`)).text()).toBe('rest');
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('health');
  });

  /** A GET with the path exactly as given. */
  function rawGet(path: string): Promise<{ status: number | undefined; body: string }> {
    return new Promise((resolve, reject) =>
      get({ host: '127.0.0.1', port: new URL(base).port, path }, (res) => {
        let body = '';
        res
          .setEncoding('utf8')
          .on('data', (chunk: string) => (body += chunk))
          .on('end', () => resolve({ status: res.statusCode, body }));
      }).on('error', reject),
    );
  }

  it('refuses to be written to', async () =>
    expect((await fetch(`${base}/tenants`, { method: 'POST' })).status).toBe(405));
});
