import { applyMigrations } from '@tenantry/postgres';
import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { Pool } from 'pg';
import pino from 'pino';
import { gatewayStateMigrations } from './gateway-migrations';
import { createPresence, Presence } from './presence';

let database: TestDatabase;
let pool: Pool;
let presence: Presence;

beforeAll(async () => {
  database = await createTestDatabase('presence');
  pool = new Pool({ connectionString: database.url, max: 4 });
  await applyMigrations(pool, [gatewayStateMigrations]);
  presence = createPresence({ pool, gatewayId: 'gateway-a', logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await presence.close();
  await pool.end();
  await database.drop();
});

const rows = async () =>
  (
    await pool.query<{ principal: string; sockets: number }>(
      'SELECT principal, sockets FROM gateway.presence ORDER BY principal',
    )
  ).rows;

describe('presence', () => {
  it('records every socket of a burst of connections once each has resolved, with a few writes', async () => {
    const principals = Array.from({ length: 50 }, (_, i) => `root/user-${String(i).padStart(2, '0')}`);
    const writesBefore = await committedTransactions();
    await Promise.all(principals.flatMap((p) => [presence.connected(p), presence.connected(p)]));
    const written = await rows();
    expect(written).toEqual(principals.map((principal) => ({ principal, sockets: 2 })));
    // A hundred connections share their writes: the write in flight and at most one behind it, not a commit each.
    expect((await committedTransactions()) - writesBefore).toBeLessThan(10);
    for (const p of principals) expect(await presence.isPresent(p)).toBe(true);
    expect(presence.openSockets()).toBe(100);
  });

  it('removes a principal whose last socket closed, and keeps the others', async () => {
    presence.disconnected('root/user-00');
    presence.disconnected('root/user-00');
    presence.disconnected('root/user-01');
    await presence.connected('root/user-99');
    const written = new Map((await rows()).map((r) => [r.principal, r.sockets]));
    expect(written.has('root/user-00')).toBe(false);
    expect(written.get('root/user-01')).toBe(1);
    expect(written.get('root/user-99')).toBe(1);
    expect(await presence.isPresent('root/user-00')).toBe(false);
  });
});

/** Transactions committed in the test database so far (pg_stat_database is per database). */
async function committedTransactions(): Promise<number> {
  await pool.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await pool.query<{ xact_commit: string }>(
    'SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0]!.xact_commit);
}
