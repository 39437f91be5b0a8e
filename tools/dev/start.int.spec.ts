import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { connect } from 'nats';
import { DEVELOPMENT_ROOT_ADMIN } from '@tenantry/config';
import { spawnService, testNats, uniquePrefix, waitFor } from '@tenantry/testing';

const LAUNCHER = join(__dirname, 'start.js');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const login = async (url: string) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($e: String!, $p: String!) { login(tenant: "root", email: $e, password: $p) { token user { tenantId roles } } }',
      variables: { e: DEVELOPMENT_ROOT_ADMIN.email, p: DEVELOPMENT_ROOT_ADMIN.password },
    }),
  });
  return (await response.json()) as { data?: { login: { token: string; user: { roles: string[] } } } | null };
};

/**
 * `npm start` on a clean machine: no DATABASE_URL, so tools/dev/start.js creates an
 * embedded PostgreSQL, starts the three services, and the seeded root admin can log
 * in; a second start reuses the same data. (NATS comes from the test server.)
 */
jest.setTimeout(240_000);

describe('npm start (tools/dev/start.js)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'tenantry-start-'));
  const prefix = uniquePrefix('dev_start');
  let env: Record<string, string>;

  beforeAll(async () => {
    chmodSync(stateDir, 0o755); // the embedded server may run as the `postgres` user
    env = {
      DATABASE_URL: '', TENANTS_DATABASE_URL: '', ROOT_ADMIN_EMAIL: '', ROOT_ADMIN_PASSWORD: '', NODE_ENV: '',
      NATS_URL: (await testNats()).url, NATS_PREFIX: prefix, PORT: '0', METRICS_PORT: '0',
      TENANTRY_STATE_DIR: stateDir, TENANTRY_POSTGRES_PORT: String(await freePort()),
    };
  });
  afterAll(async () => {
    const nats = await connect({ servers: env.NATS_URL });
    await (await nats.jetstreamManager()).streams.delete(`${prefix.toUpperCase()}_TENANT_EVENTS`).catch(() => undefined);
    await nats.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const runOnce = async (expected: RegExp) => {
    const launcher = spawnService(LAUNCHER, env, { name: 'npm-start' });
    try {
      await launcher.waitForLog(expected, { within: '90s' });
      const [, url] = await launcher.waitForLog(/Gateway ready at (\S+)/, { within: '90s' });
      await launcher.waitForLog(/Root administrator: tenant "root", email admin@tenantry\.local/, { within: '10s' });
      const session = await waitFor(() => login(url!), (r) => Boolean(r.data?.login.token), {
        within: '60s', interval: 250, description: 'the seeded root admin to log in',
      });
      expect(session.data!.login.user.roles).toContain('admin');
    } finally {
      const exit = await launcher.stop({ grace: '30s' });
      expect(exit).toEqual({ code: 0, signal: null });
    }
    expect(launcher.logs.join('\n')).not.toMatch(/npm start failed/);
  };

  it('starts everything on an embedded PostgreSQL, and the root admin logs in', () => runOnce(/creating an embedded PostgreSQL/));

  it('reuses the embedded PostgreSQL on the next start', () => runOnce(/embedded PostgreSQL reused/));
});
