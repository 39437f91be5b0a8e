import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { connect } from 'nats';
import { DEVELOPMENT_ROOT_ADMIN } from '@tenantry/config';
import { ServiceProcess, spawnService, testNats, uniquePrefix, waitFor } from '@tenantry/testing';

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
      query:
        'mutation($e: String!, $p: String!) { login(tenant: "root", email: $e, password: $p) { token user { tenantId roles } } }',
      variables: { e: DEVELOPMENT_ROOT_ADMIN.email, p: DEVELOPMENT_ROOT_ADMIN.password },
    }),
  });
  return (await response.json()) as { data?: { login: { token: string; user: { roles: string[] } } } | null };
};

/** The REST facade as the root admin: create a tenant, read one, wait for a status. */
const tenantsApi = (graphqlUrl: string, token: string) => {
  const base = graphqlUrl.replace(/\/graphql$/, '');
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json().catch(() => null)) as { id?: string; status?: string } | null,
    };
  };
  const tenant = (id: string) => call('GET', `/api/tenants/${id}`);
  return {
    create: (id: string) =>
      call('POST', '/api/tenants', {
        id,
        name: `Tenant ${id}`,
        adminEmail: `admin@${id}.test`,
        adminPassword: 'Correct-Horse-Battery-42',
      }),
    tenant,
    active: (id: string) =>
      waitFor(
        () => tenant(id),
        (reply) => reply.body?.status === 'ACTIVE',
        { within: '90s', interval: 250, description: `tenant ${id} to be ACTIVE` },
      ),
  };
};

/**
 * `npm start` on a clean machine: no DATABASE_URL, so tools/dev/start.js creates an
 * embedded PostgreSQL, starts the three services, and the seeded root admin can log
 * in; a second start reuses the same data; a service that dies is started again while
 * the others go on. (NATS comes from the test server.)
 */
jest.setTimeout(240_000);

describe('npm start (tools/dev/start.js)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'tenantry-start-'));
  const prefix = uniquePrefix('dev_start');
  let env: Record<string, string>;

  beforeAll(async () => {
    chmodSync(stateDir, 0o755); // the embedded server may run as the `postgres` user
    env = {
      DATABASE_URL: '',
      TENANTS_DATABASE_URL: '',
      ROOT_ADMIN_EMAIL: '',
      ROOT_ADMIN_PASSWORD: '',
      NODE_ENV: '',
      NATS_URL: (await testNats()).url,
      NATS_PREFIX: prefix,
      PORT: '0',
      METRICS_PORT: '0',
      // The login below polls while root is provisioned: each try before then is a failed login.
      LOGIN_MAX_FAILURES: '1000',
      TENANTRY_STATE_DIR: stateDir,
      TENANTRY_POSTGRES_PORT: String(await freePort()),
    };
  });
  afterAll(async () => {
    const nats = await connect({ servers: env.NATS_URL });
    await (
      await nats.jetstreamManager()
    ).streams
      .delete(`${prefix.toUpperCase()}_TENANT_EVENTS`)
      .catch(() => undefined);
    await nats.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const start = () => spawnService(LAUNCHER, env, { name: 'npm-start' });

  /** Waits for the welcome and the root admin's login; the REST facade with their token. */
  const running = async (launcher: ServiceProcess) => {
    const [, url] = await launcher.waitForLog(/Gateway ready at (\S+)/, { within: '90s' });
    await launcher.waitForLog(/Root administrator: tenant "root", email admin@tenantry\.local/, { within: '10s' });
    const session = await waitFor(
      () => login(url!),
      (r) => Boolean(r.data?.login.token),
      {
        within: '60s',
        interval: 250,
        description: 'the seeded root admin to log in',
      },
    );
    expect(session.data!.login.user.roles).toContain('admin');
    return tenantsApi(url!, session.data!.login.token);
  };

  /** A graceful stop (SIGTERM) ends everything with exit 0, however loaded the machine. */
  const stopGracefully = async (launcher: ServiceProcess) => {
    expect(await launcher.stop({ grace: '60s' })).toEqual({ code: 0, signal: null });
    expect(launcher.logs.join('\n')).not.toMatch(/npm start failed/);
  };

  it('starts everything on an embedded PostgreSQL; the root admin logs in and creates a tenant', async () => {
    const launcher = start();
    try {
      await launcher.waitForLog(/creating an embedded PostgreSQL/, { within: '90s' });
      const api = await running(launcher);
      expect((await api.create('kept')).status).toBe(202);
      await api.active('kept');
    } finally {
      await stopGracefully(launcher);
    }
  });

  it('reuses the embedded PostgreSQL on the next start: the tenant created before is still there', async () => {
    const launcher = start();
    try {
      const api = await running(launcher);
      expect(await api.tenant('kept')).toMatchObject({ status: 200, body: { id: 'kept', status: 'ACTIVE' } });
    } finally {
      await stopGracefully(launcher);
    }
  });

  it('restarts a service that was killed while the others keep serving; then stops with exit 0', async () => {
    const launcher = start();
    try {
      const api = await running(launcher);
      const [, pid] = await launcher.waitForLog(/provisioner started \(pid (\d+)\)/);
      process.kill(Number(pid), 'SIGKILL');
      await launcher.waitForLog(/provisioner exited unexpectedly \(SIGKILL\); restarting in [\d.]+ s \(restart 1\)/, {
        within: '30s',
      });
      expect(await api.tenant('kept')).toMatchObject({ status: 200, body: { status: 'ACTIVE' } });

      expect((await api.create('after-kill')).status).toBe(202);
      await api.active('after-kill');
      const logs = launcher.logs.join('\n');
      expect(logs).toMatch(/provisioner is running again \(restart 1\)/);
      expect(logs.match(/(tenant-command|gateway) started \(pid/g)).toHaveLength(2);
      expect(logs).not.toMatch(/stopping…/);
    } finally {
      expect(await launcher.stop({ grace: '60s' })).toEqual({ code: 0, signal: null });
    }
  });
});
