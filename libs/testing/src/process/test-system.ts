import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { connect } from 'nats';
import { createTestDatabase, TestDatabase } from '../postgres/test-database';
import { testPostgresServer } from '../postgres/postgres-server';
import { testNats } from '../nats/test-nats';
import { uniquePrefix } from '../unique-name';
import { ServiceProcess, spawnService } from './spawn-service';

export type ServiceName = 'tenant-command' | 'provisioner' | 'gateway';

/** The log line each service prints once it is ready for work. */
const READY: Record<ServiceName, RegExp> = {
  'tenant-command': /listening for commands/,
  provisioner: /waiting for jobs/,
  gateway: /listening on|ready at|Gateway ready/i,
};

/**
 * The service's entry point, found by its package (`@tenantry/<name>`) as Node would,
 * and its `main` (the compiled `dist/main.js`). Through `package.json`, because jest maps
 * a bare `@tenantry/<name>` to its sources.
 */
export function serviceScript(name: ServiceName): string {
  const manifest = require.resolve(`@tenantry/${name}/package.json`);
  const { main } = JSON.parse(readFileSync(manifest, 'utf8')) as { main: string };
  return join(dirname(manifest), main);
}

export interface TestSystem {
  database: TestDatabase;
  prefix: string;
  natsUrl: string;
  /** The environment every service of this system gets. */
  env: Record<string, string>;
  services: Map<string, ServiceProcess>;
  /** Starts (another instance of) a service and waits until it is ready. */
  start(
    name: ServiceName,
    options?: { env?: Record<string, string>; instance?: string; ready?: boolean; launcher?: string[] },
  ): Promise<ServiceProcess>;
  /** Stops every service, deletes the JetStream stream and drops the databases. */
  dispose(): Promise<void>;
}

/**
 * A whole Tenantry installation for one test file: a fresh database, a unique NATS
 * prefix (stream, consumers, subjects) and the compiled services as child processes.
 * Build first (`npm run build`); `npm test` does.
 */
export async function startTestSystem(label: string, env: Record<string, string> = {}): Promise<TestSystem> {
  const database = await createTestDatabase(label);
  const { url: natsUrl } = await testNats();
  const prefix = uniquePrefix(label);
  const systemEnv: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    NATS_URL: natsUrl,
    NATS_PREFIX: prefix,
    TENANT_DATABASE_PREFIX: prefix,
    PROVISIONER_BACKOFF_MS: '50',
    PROVISIONER_ACK_WAIT_MS: '3000',
    // No spare databases made at every provisioner's start: a spec of ISOLATED tenants asks for them.
    TENANT_SPARE_DATABASES: '0',
    LOG_LEVEL: 'info',
    PORT: '0',
    METRICS_PORT: '0',
    // Tests log in from one address, and poll logins while root is provisioned: a spec
    // of the login limits sets its own.
    LOGIN_MAX_FAILURES: '1000',
    LOGIN_MAX_FAILURES_PER_ADDRESS: '10000',
    ...env,
  };
  const services = new Map<string, ServiceProcess>();
  const start: TestSystem['start'] = async (name, options = {}) => {
    const key = options.instance ?? name;
    const service = spawnService(
      serviceScript(name),
      { ...systemEnv, ...options.env },
      { name: key, launcher: options.launcher },
    );
    services.set(key, service);
    if (options.ready !== false) await service.waitForLog(READY[name], { within: '90s' });
    return service;
  };
  return {
    database,
    prefix,
    natsUrl,
    env: systemEnv,
    services,
    start,
    async dispose() {
      await Promise.all([...services.values()].map((s) => s.stop({ grace: '5s' })));
      await deleteStream(natsUrl, prefix);
      await dropIsolatedDatabases(prefix);
      await database.drop();
    },
  };
}

async function deleteStream(natsUrl: string, prefix: string): Promise<void> {
  const nats = await connect({ servers: natsUrl });
  try {
    await (
      await nats.jetstreamManager()
    ).streams
      .delete(`${prefix.toUpperCase()}_TENANT_EVENTS`)
      .catch(() => undefined);
  } finally {
    await nats.close();
  }
}

async function dropIsolatedDatabases(prefix: string): Promise<void> {
  const client = new Client({ connectionString: await testPostgresServer() });
  await client.connect();
  try {
    const found = await client.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
      `${prefix}\\_%`,
    ]);
    for (const { datname } of found.rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}
