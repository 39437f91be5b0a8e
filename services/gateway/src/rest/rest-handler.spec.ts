import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidState, RootTenantImmutable, TenantAlreadyExists, ValidationFailed } from '@tenantry/tenant-domain';
import { acmeAdmin, edgeFixture, rootAdmin, tokenOf } from '../__tests__/edge-fixture';
import { tenantView } from '../__tests__/fake-read-side';
import { openApiDocument } from './openapi';
import { TENANT_ROUTES } from './tenant-routes';

let server: Server;
let base: string;
let edge: ReturnType<typeof edgeFixture>;

beforeEach(async () => {
  edge = edgeFixture();
  server = createServer((req, res) => void edge.rest(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Every answer these specs saw, checked against the OpenAPI document at the end. */
const answered: { method: string; path: string; status: number }[] = [];
afterAll(() => {
  const paths = openApiDocument()['paths'] as Record<string, Record<string, { responses: Record<string, unknown> }>>;
  const undocumented = answered.filter(({ method, path, status }) => {
    const route = TENANT_ROUTES.find((r) => r.method === method && r.pattern.test(path));
    // No route: 404 (no resource) or 405 (no such method), both in the document's description.
    if (!route) return status !== 404 && status !== 405;
    return paths[route.path]?.[method.toLowerCase()]?.responses[String(status)] === undefined;
  });
  expect(undocumented).toEqual([]);
});

const call = async (method: string, path: string, options: { token?: string; body?: unknown } = {}) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      'content-type': 'application/json',
    },
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  answered.push({ method, path: path.split('?')[0]!, status: response.status });
  return { status: response.status, headers: response.headers, body: await response.json() };
};

const newTenant = { id: 'initech', name: 'Initech', adminEmail: 'a@initech.test', adminPassword: 'Sup3r-Secret-pw' };

describe('REST facade', () => {
  it('reports every request by route template (ids out), method and status, unknown paths as unmatched', async () => {
    const token = await tokenOf(rootAdmin);
    await call('GET', '/api/tenants/acme', { token });
    await call('GET', '/api/tenants/nobody-here', { token });
    await call('GET', '/api/elsewhere/123', { token });
    expect(edge.observed.requests.map(({ route, method, status }) => ({ route, method, status }))).toEqual([
      { route: '/api/tenants/:id', method: 'GET', status: 200 },
      { route: '/api/tenants/:id', method: 'GET', status: 404 },
      { route: 'unmatched', method: 'GET', status: 404 },
    ]);
    for (const { seconds } of edge.observed.requests) expect(seconds).toBeGreaterThanOrEqual(0);
  });

  it('accepts POST /api/tenants with 202, the acceptance and a Location', async () => {
    const response = await call('POST', '/api/tenants', { token: await tokenOf(rootAdmin), body: newTenant });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ tenantId: 'initech', operationId: 'op-1', status: 'PENDING', version: 1 });
    expect(response.headers.get('location')).toBe('/api/tenants/initech');
    expect(edge.sent[0]).toMatchObject({ name: 'createTenant', request: { input: newTenant } });
  });

  it.each([
    ['PUT', '/api/tenants/acme', { name: 'Acme 2' }, 'updateTenant'],
    ['POST', '/api/tenants/acme/retry', undefined, 'retryTenantProvisioning'],
    ['DELETE', '/api/tenants/acme', undefined, 'deleteTenant'],
  ])('accepts %s %s with 202', async (method, path, body, command) => {
    const response = await call(method, path, { token: await tokenOf(rootAdmin), body });
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe('/api/tenants/acme');
    expect(edge.sent[0]).toMatchObject({ name: command, request: { tenantId: 'acme' } });
  });

  it('lists and reads tenants without their database secret', async () => {
    edge.readSide.tenantsById.set(
      'ext',
      tenantView('ext', { database: { mode: 'EXTERNAL', name: 'x', host: 'db:5432' }, databaseSecret: 'v1.sealed' }),
    );
    const token = await tokenOf(rootAdmin);
    const list = await call('GET', '/api/tenants', { token });
    expect(list.status).toBe(200);
    expect(list.body.map((t: { id: string }) => t.id).sort()).toEqual(['acme', 'ext', 'globex', 'root']);
    const one = await call('GET', '/api/tenants/ext', { token });
    expect(one.body).toMatchObject({
      id: 'ext',
      status: 'ACTIVE',
      database: { mode: 'EXTERNAL', name: 'x', host: 'db:5432' },
    });
    expect(JSON.stringify([list.body, one.body])).not.toContain('v1.sealed');
  });

  it('answers validation errors with 400 problem+json listing every field', async () => {
    edge.answerCommands(async () => {
      throw new ValidationFailed([
        { field: 'id', message: 'Tenant Id must be a slug (lowercase letters, numbers, and hyphens only).' },
        { field: 'adminPassword', message: 'too weak' },
      ]);
    });
    const response = await call('POST', '/api/tenants', {
      token: await tokenOf(rootAdmin),
      body: { ...newTenant, id: 'Not A Slug' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
      title: expect.any(String),
      type: expect.any(String),
      errors: {
        id: ['Tenant Id must be a slug (lowercase letters, numbers, and hyphens only).'],
        adminPassword: ['too weak'],
      },
    });
  });

  it.each([
    [new TenantAlreadyExists('acme'), 400, 'TENANT_EXISTS', 'Tenant already exists'],
    [new RootTenantImmutable(), 400, 'ROOT_TENANT_IMMUTABLE', 'Cannot edit root tenant'],
    [new InvalidState('PENDING', 'update'), 409, 'INVALID_STATE', 'Cannot update a tenant that is PENDING'],
  ])('maps %p to %i', async (error, status, code, detail) => {
    edge.answerCommands(async () => {
      throw error;
    });
    const response = await call('PUT', '/api/tenants/root', { token: await tokenOf(rootAdmin), body: { name: 'x' } });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ status, code, detail });
  });

  it('is 401 without a token, 403 for a tenant admin, 404 for an unknown tenant', async () => {
    const anonymous = await call('GET', '/api/tenants');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await call('POST', '/api/tenants', { token: await tokenOf(acmeAdmin), body: newTenant })).status).toBe(403);
    expect((await call('GET', '/api/tenants/nope', { token: await tokenOf(rootAdmin) })).body).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect((await call('GET', '/api/tenants/globex', { token: await tokenOf(acmeAdmin) })).status).toBe(404);
  });

  it('answers 405 with Allow for a method a resource does not have', async () => {
    const response = await call('PATCH', '/api/tenants/acme', { token: await tokenOf(rootAdmin) });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PUT, DELETE');
    expect(response.body).toMatchObject({ code: 'METHOD_NOT_ALLOWED', status: 405 });
  });

  it('refuses a body that is not JSON with 400', async () => {
    const response = await call('POST', '/api/tenants', { token: await tokenOf(rootAdmin), body: '{oops' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({ body: ['Request body must be JSON.'] });
  });

  it('masks an unexpected failure as 500 INTERNAL', async () => {
    edge.answerCommands(async () => {
      throw new Error('postgres://u:secretpw@db/x refused');
    });
    const response = await call('POST', '/api/tenants', { token: await tokenOf(rootAdmin), body: newTenant });
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('secretpw');
  });

  it('serves its OpenAPI document and the Swagger UI page to anyone', async () => {
    const document = await fetch(`${base}/api/openapi.json`);
    expect(document.status).toBe(200);
    expect(document.headers.get('content-type')).toBe('application/json');
    expect(((await document.json()) as { paths: object }).paths).toHaveProperty(['/api/tenants/{id}/retry']);
    const page = await fetch(`${base}/api/docs`);
    expect(await page.text()).toContain('<script src="/api/docs/init.js"></script>');
    const bundle = await fetch(`${base}/api/docs/swagger-ui-bundle.js`);
    expect([bundle.status, bundle.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await fetch(`${base}/api/docs/package.json`)).status).toBe(404);
    expect((await fetch(`${base}/api/openapi.json`, { method: 'POST' })).status).toBe(405);
  });
});
