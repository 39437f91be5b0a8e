import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import type { CommandReply } from '@tenantry/tenant-domain';
import { actOnce } from './act-once';
import { postgresIdempotencyRecords, PostgresIdempotencyRecords } from './postgres-idempotency-records';

const ACCEPTED: CommandReply = {
  ok: true,
  accepted: { tenantId: 'acme', operationId: 'op-1', status: 'PENDING', version: 0 },
};
const SCOPE = { principal: 'root/admin', key: 'k-1' };

describe('idempotency keys in PostgreSQL', () => {
  let database: TestDatabase;
  let records: PostgresIdempotencyRecords;

  beforeAll(async () => {
    database = await createTestDatabase('idempotency');
    records = await postgresIdempotencyRecords(database.url);
  });
  afterAll(async () => {
    await records.close();
    await database.drop();
  });

  it('claims a key once, then answers with the recorded reply', async () => {
    const scope = { ...SCOPE, key: 'claim-once' };
    expect(await records.claim(scope, 'h')).toEqual({ kind: 'claimed' });
    expect(await records.claim(scope, 'h')).toEqual({ kind: 'pending', requestHash: 'h' });

    await records.answer(scope, ACCEPTED);

    expect(await records.claim(scope, 'other')).toEqual({ kind: 'answered', requestHash: 'h', reply: ACCEPTED });
  });

  it('acts once for concurrent requests with one key, from separate connections', async () => {
    const other = await postgresIdempotencyRecords(database.url);
    let acted = 0;
    const act = async () => {
      acted += 1;
      return ACCEPTED;
    };
    const scope = { ...SCOPE, key: 'concurrent' };

    const replies = await Promise.all(
      [records, other, records, other].map((r) => actOnce(r, scope, 'h', act, { pollMs: 20 })),
    );
    await other.close();

    expect(acted).toBe(1);
    expect(replies).toEqual([ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED]);
  });

  it('forgets a released claim, so that the next request acts', async () => {
    const scope = { ...SCOPE, key: 'released' };
    await records.claim(scope, 'h');
    await records.release(scope);

    expect(await records.claim(scope, 'h')).toEqual({ kind: 'claimed' });
  });

  it('takes over a key older than 24 hours', async () => {
    const scope = { ...SCOPE, key: 'expired' };
    await records.claim(scope, 'h');
    await records.answer(scope, ACCEPTED);
    const { Client } = await import('pg');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`UPDATE command_idempotency SET created_at = now() - interval '25 hours' WHERE key = 'expired'`);
    await client.end();

    expect(await records.claim(scope, 'new')).toEqual({ kind: 'claimed' });
  });

  it('with the events in the same database: claims as atomically, and closing waits for the replies being recorded', async () => {
    const beside = await postgresIdempotencyRecords(database.url, { eventsInSameDatabase: true });
    const scope = { ...SCOPE, key: 'beside-the-events' };
    let acted = 0;
    const act = async () => {
      acted += 1;
      return ACCEPTED;
    };

    const replies = await Promise.all(
      [beside, records, beside].map((r) => actOnce(r, scope, 'h', act, { pollMs: 20 })),
    );
    const closing = { ...scope, key: 'recorded-while-closing' };
    await beside.claim(closing, 'h');
    void beside.answer(closing, ACCEPTED);
    await beside.close();

    expect(acted).toBe(1);
    expect(replies).toEqual([ACCEPTED, ACCEPTED, ACCEPTED]);
    expect(await records.claim(scope, 'h')).toEqual({ kind: 'answered', requestHash: 'h', reply: ACCEPTED });
    expect(await records.claim(closing, 'h')).toEqual({ kind: 'answered', requestHash: 'h', reply: ACCEPTED });
  });
});
