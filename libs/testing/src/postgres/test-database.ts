import type { Client } from 'pg';
import { uniqueDatabaseName } from '../unique-name';
import { testPostgresServer } from './postgres-server';
import { withClient } from './with-client';

export interface TestDatabase {
  /** Connection URL of the fresh database. */
  url: string;
  name: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

const withDatabase = (adminUrl: string, name: string): string => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * Creates a fresh, empty database named `t_<label>_<random>` on the test server
 * (`DATABASE_URL`, the local default, or a container). Drop it in `afterAll`.
 */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const adminUrl = await testPostgresServer();
  const name = uniqueDatabaseName(label);
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  let dropped: Promise<void> | undefined;
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop() {
      dropped ??= withClient(adminUrl, async (client) => {
        await connectionsClosed(client, name);
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
      return dropped;
    },
  };
}

/**
 * Waits (briefly) for the connections to `name` to go: a pool's `end()` resolves before
 * its connections have closed, and FORCE would kill them mid-goodbye, which their client
 * reports as an unhandled 57P01 error in whatever test runs next. Connections still
 * open after the wait (a store the test left open) are ended by FORCE.
 */
async function connectionsClosed(client: Pick<Client, 'query'>, name: string, withinMs = 2_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const { rows } = await client.query<{ open: number }>(
      'select count(*)::int as open from pg_stat_activity where datname = $1',
      [name],
    );
    if (rows[0]!.open === 0 || Date.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `createTestDatabase` with the default label. */
export const testDatabase = (label?: string): Promise<TestDatabase> => createTestDatabase(label);
