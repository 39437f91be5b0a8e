import { createTestDatabase, TestDatabase, waitFor } from '@tenantry/testing';
import { Pool } from 'pg';
import { inBundledTransaction, inTransaction, leaseHeldBy, tryTakeLease } from './index';

describe('libs/postgres', () => {
  let database: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    database = await createTestDatabase('postgres_lib');
    pool = new Pool({ connectionString: database.url, max: 4 });
    await pool.query('CREATE TABLE facts (name text PRIMARY KEY)');
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  describe('a lease', () => {
    it('has one holder at a time, from a pool or a connection string, and is free again once released', async () => {
      const first = await tryTakeLease(pool, 'lease-a', 1000);
      expect(first).toBeDefined();
      expect(await tryTakeLease(database.url, 'lease-a', 1000)).toBeUndefined();
      expect(await leaseHeldBy(pool, first!)).toBe(true);

      await first!.release();
      expect(first!.isLost()).toBe(true);
      const second = await tryTakeLease(database.url, 'lease-a', 1000);
      expect(second).toBeDefined();
      // The lock is freed as the old session's backend begins to exit; the backend is gone a moment later.
      await waitFor(
        () => leaseHeldBy(pool, first!),
        (held) => !held,
        {
          within: '5s',
          description: "the released lease's session gone",
        },
      );
      await second!.release();
    });

    it('is held by its session, not by whichever backend later gets the same pid', async () => {
      const lease = (await tryTakeLease(pool, 'lease-c', 1000))!;
      expect(await leaseHeldBy(pool, lease)).toBe(true);
      // The same pid with another start is another session (the pid reused after the holder died).
      expect(await leaseHeldBy(pool, { pid: lease.pid, sessionStartedAt: '2000-01-01 00:00:00+00' })).toBe(false);
      await lease.release();
      await waitFor(
        () => leaseHeldBy(pool, lease),
        (held) => !held,
        {
          within: '5s',
          description: "the released lease's session gone",
        },
      );
    });

    it('is lost when its session dies', async () => {
      const lease = (await tryTakeLease(pool, 'lease-b', 50))!;
      await pool.query('SELECT pg_terminate_backend($1)', [lease.pid]);
      await lease.lost;
      expect(lease.isLost()).toBe(true);
      await lease.release();
      // The client hears of the end before the exiting backend has freed its locks: another takes the lease a moment later.
      const next = await waitFor(() => tryTakeLease(pool, 'lease-b', 1000), Boolean, {
        within: '10s',
        description: 'the dead session’s lease taken by another',
      });
      await next!.release();
    });
  });

  describe('inTransaction', () => {
    it('sends a commit guard with the COMMIT: one that raises rolls the transaction back', async () => {
      const refuse = `DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'TX001', MESSAGE = 'refused'; END $$`;
      await expect(
        inTransaction(pool, (client) => client.query(`INSERT INTO facts VALUES ('guarded-out')`), {
          commitGuard: refuse,
        }),
      ).rejects.toMatchObject({ code: 'TX001' });
      await inTransaction(pool, (client) => client.query(`INSERT INTO facts VALUES ('guarded-in')`), {
        commitGuard: 'SELECT 1',
      });
      const { rows } = await pool.query(`SELECT name FROM facts WHERE name LIKE 'guarded-%'`);
      expect(rows).toEqual([{ name: 'guarded-in' }]);
    });

    it('commits without waiting for the WAL flush only when asked, and only that transaction', async () => {
      const setting = (options?: { commitWithoutFlush?: boolean }) =>
        inTransaction(
          pool,
          async (client) =>
            (await client.query<{ s: string }>('SELECT current_setting($1) AS s', ['synchronous_commit'])).rows[0]!.s,
          { lock: 'a lock', ...options },
        );
      expect(await setting({ commitWithoutFlush: true })).toBe('off');
      expect(await setting()).toBe('on');
    });

    it('bundled: sends BEGIN with the first query and COMMIT with the last, and a guard that raises rolls back', async () => {
      const write = (name: string, guard: string) =>
        inBundledTransaction(
          pool,
          async ({ opening, client, closing }) => {
            const { rows } = await opening.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM facts WHERE name = $1',
              [name],
            );
            await client.query('INSERT INTO facts VALUES ($1)', [name]);
            await closing.query('INSERT INTO facts VALUES ($1)', [`${name}-again`]);
            return rows[0]!.n;
          },
          { lock: 'bundled', commitGuard: guard, commitWithoutFlush: true },
        );
      const refuse = `DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'TX002', MESSAGE = 'refused'; END $$`;
      await expect(write('bundled-out', refuse)).rejects.toMatchObject({ code: 'TX002' });
      expect(await write('bundled-in', 'SELECT 1')).toBe(0);
      const { rows } = await pool.query(`SELECT name FROM facts WHERE name LIKE 'bundled-%' ORDER BY name`);
      expect(rows).toEqual([{ name: 'bundled-in' }, { name: 'bundled-in-again' }]);
    });

    it('bundled, one query: sends BEGIN, the lock, the query, the guard and COMMIT in one round trip', async () => {
      const write = (name: string, guard: string) =>
        inBundledTransaction(
          pool,
          async ({ only }) => {
            const { rows } = await only.query<{ n: number }>(
              `WITH added AS (INSERT INTO facts VALUES ($1) RETURNING name)
               SELECT (SELECT count(*)::int FROM added) AS n, txid_current_if_assigned() IS NOT NULL AS inside`,
              [name],
            );
            return rows[0]!;
          },
          { lock: 'bundled-only', commitGuard: guard },
        );
      const refuse = `DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'TX003', MESSAGE = 'refused'; END $$`;
      await expect(write('only-out', refuse)).rejects.toMatchObject({ code: 'TX003' });
      expect(await write('only-in', 'SELECT 1')).toEqual({ n: 1, inside: true });
      const { rows } = await pool.query(`SELECT name FROM facts WHERE name LIKE 'only-%'`);
      expect(rows).toEqual([{ name: 'only-in' }]);
      // `only` is for one query alone: with `opening` or `closing` as well, the work is refused.
      await expect(
        inBundledTransaction(pool, async ({ opening, only }) => {
          await opening.query('SELECT 1');
          await only.query('SELECT 1');
        }),
      ).rejects.toThrow(/through `only`/);
    });

    it('commits what the work wrote and returns its result', async () => {
      const result = await inTransaction(pool, async (client) => {
        await client.query(`INSERT INTO facts VALUES ('committed')`);
        return 42;
      });
      expect(result).toBe(42);
      expect((await pool.query(`SELECT 1 FROM facts WHERE name = 'committed'`)).rowCount).toBe(1);
    });

    it('rolls back and rethrows when the work fails, on a pooled or a given connection', async () => {
      const failure = new Error('work failed');
      const failing = async (client: { query(sql: string): Promise<unknown> }) => {
        await client.query(`INSERT INTO facts VALUES ('rolled-back')`);
        throw failure;
      };
      await expect(inTransaction(pool, failing, { lock: "a lock's name" })).rejects.toBe(failure);
      const client = await pool.connect();
      try {
        await expect(inTransaction(client, failing)).rejects.toBe(failure);
        expect((await client.query('SELECT 1')).rowCount).toBe(1);
      } finally {
        client.release();
      }
      expect((await pool.query(`SELECT 1 FROM facts WHERE name = 'rolled-back'`)).rowCount).toBe(0);
    });

    it('holds the named lock until it ends', async () => {
      let inside!: () => void;
      const entered = new Promise<void>((resolve) => (inside = resolve));
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const holder = inTransaction(
        pool,
        async () => {
          inside();
          await finished;
        },
        { lock: 'ddl' },
      );
      await entered;
      const { rows } = await pool.query<{ taken: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtextextended('ddl', 0)) AS taken`,
      );
      expect(rows[0]!.taken).toBe(false);
      finish();
      await holder;
    });
  });
});
