import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { edgeFixture, rootAdmin, tokenOf } from '../__tests__/edge-fixture';
import { createGatewayServer } from './gateway-server';

const ALLOWED = 'https://admin.example.com';

describe('the public port: security headers, CORS, /metrics and bodies', () => {
  let server: Server;
  let base: string;
  const edge = edgeFixture();
  const answer = (name: string) => (_: unknown, res: ServerResponse) => res.end(name);

  beforeAll(async () => {
    server = createGatewayServer(
      { graphql: edge.yoga, rest: edge.rest, health: answer('health'), console: answer('console') },
      { corsOrigins: [ALLOWED], hsts: true },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it.each(['/', '/tenants/acme', '/graphql', '/api/tenants'])('sends the security headers on %s', async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self';.*frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it.each([
    ['/graphql', { accept: 'text/html' }],
    ['/api/docs', {}],
  ])('gives the developer page %s scripts from the gateway only', async (path, headers) => {
    const policy = (await fetch(`${base}${path}`, { headers })).headers.get('content-security-policy')!;
    expect(policy).toMatch(/^default-src 'self';/);
    expect(policy).not.toMatch(/script-src|https:|unpkg/);
  });

  it('allows a listed origin, and only it', async () => {
    const listed = await fetch(`${base}/graphql?query=%7B__typename%7D`, { headers: { origin: ALLOWED } });
    expect(listed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const other = await fetch(`${base}/graphql?query=%7B__typename%7D`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight with the allowed methods for a listed origin, without them for another', async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/api/tenants`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
    const listed = await preflight(ALLOWED);
    expect(listed.status).toBe(204);
    expect(listed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(listed.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('answers /metrics with 404: metrics are on METRICS_PORT only', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('METRICS_PORT');
  });

  it('answers 413 to a GraphQL or REST body over 1 MiB, before reading it', async () => {
    const big = JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(1024 * 1024) });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(rootAdmin)}` };
    expect((await fetch(`${base}/graphql`, { method: 'POST', headers, body: big })).status).toBe(413);
    const rest = await fetch(`${base}/api/tenants`, { method: 'POST', headers, body: big });
    expect(rest.status).toBe(413);
    expect(await rest.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it.each(['%00', 'acme%00', '%FF', '%C0%AF'])('answers GET /api/tenants/%s with 404, never 500', async (segment) => {
    const response = await fetch(`${base}/api/tenants/${segment}`, {
      headers: { authorization: `Bearer ${await tokenOf(rootAdmin)}` },
    });
    expect(response.status).toBe(404);
  });

  it('answers a GraphQL tenant id with NUL with null, never an error', async () => {
    const result = await edge.graphql('query($id: ID!) { tenant(id: $id) { id } }', {
      token: await tokenOf(rootAdmin),
      variables: { id: 'acme\u0000' },
    });
    expect(result).toEqual({ data: { tenant: null } });
  });
});
