/**
 * Bulk load with `COPY … FROM STDIN` (text format): how the rebuild fills its fresh
 * tables. Cheaper on both sides than an unnest insert: no array literal to build in one
 * huge string, nor to parse and unnest in PostgreSQL. No conflict clause: only for rows
 * the table cannot hold yet (a duplicate fails the COPY).
 */
import { finished } from 'node:stream/promises';
import type { Pool } from 'pg';
import { CopyStreamQuery, from as copyFrom } from 'pg-copy-streams';
import { Column, columnList } from './unnest';

/** Characters of text sent per write: big enough to amortise a write, small enough to stay a short string. */
const FLUSH_AT = 1 << 16;

/**
 * A COPY under way. `sent`: its rows are on their way to the server, so PostgreSQL works
 * on them even while this thread is busy (a COPY starts with a round trip, and its rows
 * wait in the stream until the answer is read). `done`: stored (or failed).
 */
export interface CopyInFlight {
  sent: Promise<void>;
  done: Promise<void>;
}

/** Copies `rows` into `table` (its SQL name) on a connection of `pool`, in one statement. */
export function copyRows<T>(
  pool: Pool,
  table: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
): CopyInFlight {
  if (rows.length === 0) return { sent: Promise.resolve(), done: Promise.resolve() };
  let markSent = () => {};
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const done = (async () => {
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      const query = copyFrom(`copy ${table} (${columnList(columns)}) from stdin`);
      onceServerReady(query, markSent);
      const stream = client.query(query);
      let text = '';
      for (const row of rows) {
        text += copyLine(columns, row);
        if (text.length >= FLUSH_AT) {
          stream.write(text);
          text = '';
        }
      }
      stream.end(text);
      await finished(stream);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      markSent();
      // A failed COPY leaves the connection in an unknown state: it is closed, not reused.
      client.release(failure);
    }
  })();
  return { sent, done };
}

/**
 * Calls `then` once the server has accepted the COPY and the stream has passed its
 * buffered rows to the socket: pg-copy-streams (pinned) does it in `handleCopyInResponse`,
 * which pg calls and its typings leave out.
 */
function onceServerReady(query: CopyStreamQuery, then: () => void): void {
  const withHook = query as CopyStreamQuery & { handleCopyInResponse(connection: unknown): void };
  const handle = withHook.handleCopyInResponse.bind(query);
  withHook.handleCopyInResponse = (connection) => {
    handle(connection);
    then();
  };
}

/** One row in COPY's text format: fields separated by tabs, ended by a newline. */
export function copyLine<T>(columns: readonly Column<T>[], row: T): string {
  let line = copyField(columns[0]!.value(row));
  for (let i = 1; i < columns.length; i++) line += `\t${copyField(columns[i]!.value(row))}`;
  return `${line}\n`;
}

const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `\N` for null; numbers bare, booleans `t`/`f`; a date as ISO text, any other object as
 * its JSON; backslash, newline, carriage return and tab escaped (so `\.` can never end the data).
 */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]!) : text;
}
