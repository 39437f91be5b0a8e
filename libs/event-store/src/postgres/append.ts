import type { Pool, PoolClient } from 'pg';
import { AppendResult, ExpectedRevision, ExpectedRevisionConflict, NewEvent, START, StreamName } from '../event-store';
import { assertExpectedRevision, CurrentRevision, firstNewRevision } from '../expected-revision';
import { DuplicateEventId } from '../duplicate-event-id';
import { formatPosition } from './position';
import { EventStoreTables } from './tables';

const UNIQUE_VIOLATION = '23505';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

const isUniqueViolation = (error: unknown, constraint: string): boolean =>
  (error as PgError)?.code === UNIQUE_VIOLATION && (error as PgError).constraint === constraint;

async function currentRevision(db: Pool | PoolClient, tables: EventStoreTables, stream: StreamName): Promise<CurrentRevision> {
  const { rows } = await db.query<{ revision: string }>(
    `SELECT revision FROM ${tables.events} WHERE stream = $1 ORDER BY revision DESC LIMIT 1`,
    [stream],
  );
  return rows.length === 0 ? 'no_stream' : BigInt(rows[0]!.revision);
}

/**
 * Appends in one transaction: checks the expected revision, inserts with the next
 * revisions and notifies subscribers on commit. Appends to one stream are serialised
 * by an advisory lock; should a writer bypass it, unique (stream, revision) still
 * decides, and the loser gets `ExpectedRevisionConflict` (with `'any'`, a retry).
 */
export async function appendToStream(
  pool: Pool,
  tables: EventStoreTables,
  stream: StreamName,
  events: NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  // With 'any' a lost race only means "take the next revision": try again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await appendOnce(pool, tables, stream, events, expected);
    } catch (error) {
      if (!(expected === 'any' && error instanceof ExpectedRevisionConflict && attempt < ANY_ATTEMPTS)) throw error;
    }
  }
}

const ANY_ATTEMPTS = 5;

async function appendOnce(
  pool: Pool,
  tables: EventStoreTables,
  stream: StreamName,
  events: NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Appenders to one stream queue here, so each sees the revision its predecessor committed.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${tables.lockKey}:${stream}`]);
    const current = await currentRevision(client, tables, stream);
    assertExpectedRevision(stream, expected, current);
    const result = events.length === 0 ? emptyAppend(current) : await insertEvents(client, tables, stream, events, current);
    await client.query('SELECT pg_notify($1, $2)', [tables.channel, '']);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (isUniqueViolation(error, 'events_stream_revision_unique')) {
      const actual = await currentRevision(pool, tables, stream).catch(() => 'no_stream' as const);
      throw new ExpectedRevisionConflict(stream, expected, actual, { cause: error });
    }
    if (isUniqueViolation(error, 'events_id_unique')) {
      const id = /\(id\)=\(([^)]+)\)/.exec((error as PgError).detail ?? '')?.[1] ?? 'unknown';
      throw new DuplicateEventId(id, { cause: error });
    }
    throw error;
  } finally {
    client.release();
  }
}

const emptyAppend = (current: CurrentRevision): AppendResult => ({
  nextExpectedRevision: current === 'no_stream' ? -1n : current,
  position: START,
});

async function insertEvents(
  client: PoolClient,
  tables: EventStoreTables,
  stream: StreamName,
  events: NewEvent[],
  current: CurrentRevision,
): Promise<AppendResult> {
  const first = firstNewRevision(current);
  const values: unknown[] = [stream];
  const rows = events.map((event, index) => {
    values.push(event.id, (first + BigInt(index)).toString(), event.type, JSON.stringify(event.data), JSON.stringify(event.metadata ?? {}));
    const p = values.length - 4;
    return `($${p}::uuid, $1, $${p + 1}::bigint, $${p + 2}, $${p + 3}::jsonb, $${p + 4}::jsonb)`;
  });
  // Multi-row VALUES draw the sequence in row order, so revisions and positions agree.
  const inserted = await client.query<{ global_position: string; transaction_id: string }>(
    `INSERT INTO ${tables.events} (id, stream, revision, type, data, metadata)
     VALUES ${rows.join(', ')}
     RETURNING global_position, transaction_id`,
    values,
  );
  const last = inserted.rows.reduce((a, b) => (BigInt(a.global_position) > BigInt(b.global_position) ? a : b));
  return {
    nextExpectedRevision: first + BigInt(events.length - 1),
    position: formatPosition({ transactionId: BigInt(last.transaction_id), globalPosition: BigInt(last.global_position) }),
  };
}
