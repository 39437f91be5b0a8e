import { postgresEventStore, PostgresEventStore } from '@tenantry/event-store';
import { createTestDatabase, TestDatabase } from './postgres/test-database';

export interface TestEventStore {
  store: PostgresEventStore;
  database: TestDatabase;
  /** Closes the store and drops its database. */
  dispose(): Promise<void>;
}

/** A PostgreSQL event store with its schema, in a fresh database of its own. */
export async function createTestEventStore(label = 'event_store'): Promise<TestEventStore> {
  const database = await createTestDatabase(label);
  const store = postgresEventStore({ connectionString: database.url });
  await store.ensureSchema();
  return {
    store,
    database,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
}
