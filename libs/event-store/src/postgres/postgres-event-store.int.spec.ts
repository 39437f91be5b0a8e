import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { describeEventStoreContract } from '../contract/event-store-contract';
import { postgresEventStore } from './postgres-event-store';

let database: TestDatabase;
let pool: Pool;
beforeAll(async () => {
  database = await createTestDatabase('event_store_contract');
  pool = new Pool({ connectionString: database.url, max: 60 });
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

// Each test gets its own schema in the file's database, so readAll sees only its events.
describeEventStoreContract('postgres', async () => {
  const store = postgresEventStore({ pool, schema: `es_${randomBytes(4).toString('hex')}` });
  await store.ensureSchema();
  return store;
});
