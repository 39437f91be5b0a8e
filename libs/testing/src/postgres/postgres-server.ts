import { Client } from 'pg';
import { hasContainerRuntime } from '../container-runtime';
import { InfrastructureUnavailable } from '../infrastructure-unavailable';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Connection URL of an admin database on a PostgreSQL server usable by tests. */
let server: Promise<string> | undefined;

export function testPostgresServer(): Promise<string> {
  server ??= locateServer();
  return server;
}

async function locateServer(): Promise<string> {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const unreachable = await probe(url);
  if (!unreachable) return url;
  if (await hasContainerRuntime()) return startContainer();
  throw new InfrastructureUnavailable(
    'PostgreSQL',
    redact(url),
    [
      'start the local server: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      'or set DATABASE_URL to a server where the user may CREATE DATABASE',
      'or start Docker so testcontainers can run postgres:15-alpine',
    ],
    { cause: unreachable },
  );
}

/** Resolves to the connection error, or undefined when the server answers. */
async function probe(url: string): Promise<unknown> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function startContainer(): Promise<string> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:15-alpine').withDatabase('postgres').start();
  // The container lives as long as this process; the testcontainers reaper removes it after.
  return container.getConnectionUri();
}

export const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
