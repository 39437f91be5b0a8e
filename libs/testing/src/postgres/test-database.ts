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
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
      return dropped;
    },
  };
}

/** `createTestDatabase` with the default label. */
export const testDatabase = (label?: string): Promise<TestDatabase> => createTestDatabase(label);
