import { postgresEventStore, PostgresEventStore } from '@tenantry/event-store';
import { TenantConnections } from '@tenantry/tenant-database';
import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { randomUUID } from 'node:crypto';
import { provisionerTenantConnections } from './tenant-connections';

let database: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  database = await createTestDatabase('provisioner_tenant_connections');
  store = postgresEventStore({ connectionString: database.url });
  await store.ensureSchema();
});
afterAll(async () => {
  await store.close();
  await database.drop();
});

/**
 * A SHARED tenant's migrations in a transaction of `connections`, in the event store's own
 * database; meanwhile an event is appended and committed. What a relay's read returns then.
 */
async function readWhileMigrating(connections: TenantConnections): Promise<string[]> {
  const schema = `tenant_${randomUUID().slice(0, 8)}`;
  const id = randomUUID();
  try {
    return await connections.withClient(database.url, async (client) => {
      await client.query('BEGIN');
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`CREATE TABLE ${schema}.users (id uuid primary key)`);
      const before = (await store.readAll({ everythingCommitted: true })).at(-1)?.position;
      await store.append(`tenant-${schema}`, [{ id, type: 'TenantRequested', data: {} }], 'no_stream');
      const read = await store.readAll({ after: before });
      await client.query('COMMIT');
      return read.map((event) => event.id).filter((eventId) => eventId === id);
    });
  } finally {
    await connections.close();
  }
}

describe("the provisioner's connections to tenant databases", () => {
  it("do not hold back the relay's read of an event committed while a tenant's migrations run", async () => {
    expect(await readWhileMigrating(provisionerTenantConnections())).toHaveLength(1);
  });

  it('(unnamed, such a transaction would hold the event back until it ends)', async () => {
    expect(await readWhileMigrating(new TenantConnections())).toHaveLength(0);
  });
});
