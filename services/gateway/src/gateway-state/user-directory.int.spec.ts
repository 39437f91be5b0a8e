import { applyMigrations } from '@tenantry/postgres';
import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { Pool } from 'pg';
import { gatewayStateMigrations } from './gateway-migrations';
import { sqlUserDirectory } from './user-directory';

let database: TestDatabase;
let pool: Pool;

beforeAll(async () => {
  database = await createTestDatabase('user_directory');
  pool = new Pool({ connectionString: database.url, max: 2 });
  await applyMigrations(pool, [gatewayStateMigrations]);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('the user directory', () => {
  it('records a sender once, however many commands they send, and again when their email changes', async () => {
    const directory = sqlUserDirectory(pool);
    const before = await committedTransactions();
    for (let i = 0; i < 20; i++) await directory.remember({ principal: 'root/ada', email: 'ada@example.test' });
    // One write for twenty commands (the two reads of the statistics commit too).
    expect((await committedTransactions()) - before).toBeLessThanOrEqual(3);
    expect(await directory.emailOf('root/ada')).toBe('ada@example.test');

    await directory.remember({ principal: 'root/ada', email: 'ada@new.example.test' });
    expect(await directory.emailOf('root/ada')).toBe('ada@new.example.test');
  });
});

async function committedTransactions(): Promise<number> {
  await pool.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await pool.query<{ xact_commit: string }>(
    'SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0]!.xact_commit);
}
