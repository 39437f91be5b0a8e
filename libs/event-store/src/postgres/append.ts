import type { Pool } from 'pg';
import { AppendResult, ExpectedRevision, ExpectedRevisionConflict, NewEvent, START, StreamName } from '../event-store';
import { CurrentRevision } from '../expected-revision';
import { DuplicateEventId } from '../duplicate-event-id';
import { formatPosition } from './position';
import { EventStoreTables } from './tables';

const UNIQUE_VIOLATION = '23505';
/** With 'any', a lost race (only possible against writers that bypass the lock) is retried. */
const ANY_ATTEMPTS = 5;

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

interface AppendRow {
  conflict: boolean;
  current_revision: string | null;
  transaction_id: string | null;
  global_position: string | null;
}

const isUniqueViolation = (error: unknown, constraint: string): boolean =>
  (error as PgError)?.code === UNIQUE_VIOLATION && (error as PgError).constraint === constraint;

const toCurrent = (revision: string | null): CurrentRevision => (revision === null ? 'no_stream' : BigInt(revision));

/**
 * Appends atomically in one round trip (see `append-function.ts`). Should a writer
 * bypass the function's lock, unique (stream, revision) still decides, and the loser
 * gets `ExpectedRevisionConflict` with the driver's error as `cause`.
 */
export async function appendToStream(
  pool: Pool,
  tables: EventStoreTables,
  stream: StreamName,
  events: NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await appendOnce(pool, tables, stream, events, expected);
    } catch (error) {
      if (!(expected === 'any' && error instanceof ExpectedRevisionConflict && attempt < ANY_ATTEMPTS)) throw error;
    }
  }
}

async function appendOnce(
  pool: Pool,
  tables: EventStoreTables,
  stream: StreamName,
  events: NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  let row: AppendRow;
  try {
    const { rows } = await pool.query<AppendRow>({
      name: tables.statement('append'),
      text: `SELECT conflict, current_revision::text, transaction_id::text, global_position::text
         FROM ${tables.appendFunction}($1, $2, $3, $4, $5::uuid[], $6::text[], $7::jsonb[], $8::jsonb[])`,
      values: [
        stream,
        expected.toString(),
        `${tables.lockKey}:${stream}`,
        tables.channel,
        events.map((event) => event.id),
        events.map((event) => event.type),
        events.map((event) => JSON.stringify(event.data)),
        events.map((event) => JSON.stringify(event.metadata ?? {})),
      ],
    });
    row = rows[0]!;
  } catch (error) {
    if (isUniqueViolation(error, 'events_stream_revision_unique')) {
      const actual = await currentRevision(pool, tables, stream).catch(() => 'no_stream' as const);
      throw new ExpectedRevisionConflict(stream, expected, actual, { cause: error });
    }
    if (isUniqueViolation(error, 'events_id_unique')) {
      const id = /\(id\)=\(([^)]+)\)/.exec((error as PgError).detail ?? '')?.[1] ?? 'unknown';
      throw new DuplicateEventId(id, { cause: error });
    }
    throw error;
  }
  const current = toCurrent(row.current_revision);
  if (row.conflict) throw new ExpectedRevisionConflict(stream, expected, current);
  if (row.global_position === null || row.transaction_id === null) {
    return { nextExpectedRevision: current === 'no_stream' ? -1n : current, position: START };
  }
  return {
    nextExpectedRevision: current as bigint,
    position: formatPosition({
      transactionId: BigInt(row.transaction_id),
      globalPosition: BigInt(row.global_position),
    }),
  };
}

async function currentRevision(pool: Pool, tables: EventStoreTables, stream: StreamName): Promise<CurrentRevision> {
  const { rows } = await pool.query<{ revision: string | null }>(
    `SELECT max(revision)::text AS revision FROM ${tables.events} WHERE stream = $1`,
    [stream],
  );
  return toCurrent(rows[0]?.revision ?? null);
}
