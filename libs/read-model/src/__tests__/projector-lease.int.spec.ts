import { inTransaction } from '@tenantry/postgres';
import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { Pool } from 'pg';
import { ensureReadModelSchema } from '../tables/read-model-database';
import { asLeaseLost, leaseFence, ProjectorLeaseLost, tryTakeProjectorLease } from '../projection/projector-lease';

describe("the projector's lease fence, sent with a batch's COMMIT", () => {
  let database: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    database = await createTestDatabase('projector_lease');
    await ensureReadModelSchema(database.url);
    pool = new Pool({ connectionString: database.url, max: 2 });
    await pool.query('CREATE TABLE batches (name text PRIMARY KEY)');
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const batch = (name: string, guard: string) =>
    inTransaction(pool, (client) => client.query('INSERT INTO batches VALUES ($1)', [name]), {
      commitGuard: guard,
    }).catch((error: unknown) => {
      throw asLeaseLost(error);
    });

  it('lets the batch commit while the lease is held, and rolls it back once it is lost', async () => {
    const lease = (await tryTakeProjectorLease(database.url, 1000))!;
    await batch('while-held', leaseFence(lease));
    await lease.release();
    await expect(batch('after-loss', leaseFence(lease))).rejects.toBeInstanceOf(ProjectorLeaseLost);
    const { rows } = await pool.query('SELECT name FROM batches');
    expect(rows).toEqual([{ name: 'while-held' }]);
  });
});
