import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { ensureReadModelSchema, openReadModelOrm } from '../tables/read-model-database';
import { READ_MODEL_SCHEMA } from '../tables';

/** The read model is declared twice: entities (how it is read and written) and migrations (how it is made). */
describe('the read-model migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('read_model_migrations');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('make exactly the tables, columns and indexes the entities declare (a changed entity needs its migration)', async () => {
    await ensureReadModelSchema(database.url);
    const orm = await openReadModelOrm(database.url, { poolMax: 1 });
    try {
      const difference = await orm.schema.getUpdateSchemaSQL({ schema: READ_MODEL_SCHEMA, wrap: false });
      // Only the migration history, which no entity declares, may differ.
      const statements = difference
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.includes('tenantry_migrations'));
      expect(statements).toEqual([]);
    } finally {
      await orm.close();
    }
  });
});
