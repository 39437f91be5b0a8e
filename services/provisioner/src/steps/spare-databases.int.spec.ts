import { TenantConnections } from '@tenantry/tenant-database';
import { createTestDatabase, TestDatabase, uniquePrefix, waitFor, withClient } from '@tenantry/testing';
import { SpareDatabases } from './spare-databases';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('spare_databases');
});
afterAll(async () => {
  await database.drop();
});

describe('SpareDatabases', () => {
  it('tries a failed top-up again by itself, without waiting for a claim', async () => {
    // A role that may not create databases yet: the first top-up fails, as it would for an operator who grants CREATEDB later.
    const role = uniquePrefix('spare_role').toLowerCase();
    const prefix = uniquePrefix('spares').toLowerCase();
    const url = new URL(database.url);
    url.username = role;
    url.password = 'spare-role-password';
    await withClient(database.url, (client) =>
      client.query(`create role ${role} login password 'spare-role-password'`),
    );
    const errors: unknown[] = [];
    const connections = new TenantConnections();
    const spares = new SpareDatabases(connections, url.toString(), {
      count: 1,
      prefix,
      retryMs: 100,
      onError: (error) => errors.push(error),
    });
    const made = () =>
      withClient(database.url, async (client) => {
        const { rows } = await client.query<{ datname: string }>(
          `select datname from pg_database where datname like $1`,
          [`${prefix}\\_\\_spare\\_%`],
        );
        return rows.map((row) => row.datname);
      });
    try {
      spares.topUp();
      await waitFor(
        () => errors.length,
        (n) => n > 0,
        { within: '10s', description: 'the first top-up refused' },
      );
      expect(errors[0]).toMatchObject({ code: '42501' });
      expect(await made()).toEqual([]);

      await withClient(database.url, (client) => client.query(`alter role ${role} createdb`));
      const names = await waitFor(made, (found) => found.length === 1, {
        within: '10s',
        description: 'a spare made by a later top-up, with no claim in between',
      });
      expect(names[0]).toMatch(new RegExp(`^${prefix}__spare_[0-9a-f]{12}$`));
    } finally {
      await spares.close();
      await connections.close();
      await withClient(database.url, async (client) => {
        for (const name of await made()) await client.query(`drop database if exists "${name}" with (force)`);
        await client.query(`drop role if exists ${role}`);
      });
    }
  });
});
