import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { Pool } from 'pg';
import { bundledWith, inlineParameters } from './index';

const AWKWARD = [`it's`, 'back\\slash', 'a "quoted" word', '$1 and $$', 'NULL', '', 'ünïcødé', "E'x'"];

describe('statements bundled in one round trip', () => {
  let database: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    database = await createTestDatabase('bundled_statements');
    pool = new Pool({ connectionString: database.url, max: 2 });
    await pool.query('CREATE TABLE notes (id int PRIMARY KEY, body text, tags text[], at timestamptz)');
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('writes parameters in as literals that PostgreSQL reads back exactly as the parameters', async () => {
    const sql = 'SELECT $1::text AS body, $2::text[] AS tags, $3::int AS n, $4::text AS missing, $5::timestamptz AS at';
    for (const body of AWKWARD) {
      const values = [body, AWKWARD, -7, null, new Date('2026-12-06T10:00:00.000Z')];
      const inlined = await pool.query(inlineParameters(sql, values));
      const bound = await pool.query(sql, values);
      expect(inlined.rows).toEqual(bound.rows);
    }
  });

  it('sends a query with the statements around it and answers with its own result', async () => {
    const client = await pool.connect();
    try {
      const opening = bundledWith(client, { before: ['BEGIN', 'SET LOCAL synchronous_commit = off'] });
      const written = await opening.query<{ id: number }>(
        'INSERT INTO notes (id, body, tags) VALUES ($1, $2, $3) RETURNING id',
        [1, `it's`, ['a', 'b']],
      );
      expect(written.rows).toEqual([{ id: 1 }]);
      const closing = bundledWith(client, { after: ['COMMIT'] });
      expect(
        (await closing.query<{ setting: string }>('SELECT current_setting($1) AS setting', ['synchronous_commit']))
          .rows,
      ).toEqual([{ setting: 'off' }]);
      expect(opening.sent && closing.sent).toBe(true);
    } finally {
      client.release();
    }
    expect((await pool.query('SELECT body, tags FROM notes')).rows).toEqual([{ body: `it's`, tags: ['a', 'b'] }]);
  });

  it('stops at the first statement that fails', async () => {
    const client = await pool.connect();
    try {
      const failing = bundledWith(client, { before: ['BEGIN'], after: ['COMMIT'] });
      await expect(failing.query('INSERT INTO notes (id) VALUES ($1)', [1])).rejects.toMatchObject({ code: '23505' });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((await pool.query('SELECT count(*)::int AS n FROM notes')).rows).toEqual([{ n: 1 }]);
  });

  it('prepared: prepares a query once per connection, then executes it with the values as literals', async () => {
    const client = await pool.connect();
    const prepared = async () =>
      (await client.query<{ name: string }>(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'bundled_%'`))
        .rows;
    try {
      const sql = 'SELECT $1::text AS body, $2::text[] AS tags, $3::int AS n';
      for (const body of AWKWARD) {
        const result = await bundledWith(client, { before: ['BEGIN'], after: ['COMMIT'], prepared: true }).query(sql, [
          body,
          AWKWARD,
          -7,
        ]);
        expect(result.rows).toEqual([{ body, tags: AWKWARD, n: -7 }]);
      }
      expect(await prepared()).toHaveLength(1);
      // A bundle that fails after its EXECUTE leaves the statement prepared, and the next one uses it.
      await expect(
        bundledWith(client, { before: ['BEGIN'], after: ['SELECT 1/0'], prepared: true }).query(sql, ['x', [], 1]),
      ).rejects.toMatchObject({ code: '22012' });
      await client.query('ROLLBACK');
      const again = await bundledWith(client, { prepared: true }).query(sql, ['y', ['z'], 2]);
      expect(again.rows).toEqual([{ body: 'y', tags: ['z'], n: 2 }]);
      expect(await prepared()).toHaveLength(1);
    } finally {
      client.release();
    }
  });
});
