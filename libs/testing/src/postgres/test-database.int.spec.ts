import { Client } from 'pg';
import { createTestDatabase } from './test-database';

describe('test databases', () => {
  it('are fresh, uniquely named, and gone after drop', async () => {
    const [a, b] = await Promise.all([createTestDatabase('fresh'), createTestDatabase('fresh')]);
    expect(a.name).not.toBe(b.name);
    const client = new Client({ connectionString: a.url });
    const terminated = new Promise((resolve) => client.on('error', resolve));
    await client.connect();
    const { rows } = await client.query(`SELECT current_database() AS name, count(*)::int AS tables
      FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(rows[0]).toEqual({ name: a.name, tables: 0 });
    // drop() ends connections that are still open.
    await a.drop();
    await b.drop();
    expect(String(await terminated)).toMatch(/terminat/);
    await client.end().catch(() => undefined);
    const admin = new Client({
      connectionString: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    await admin.connect();
    const left = await admin.query('SELECT datname FROM pg_database WHERE datname = ANY($1)', [[a.name, b.name]]);
    await admin.end();
    expect(left.rows).toEqual([]);
  });
});
