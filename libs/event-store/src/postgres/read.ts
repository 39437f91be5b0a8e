import { NON_APPENDING_MARK } from './non-appending-session';
import type { Pool } from 'pg';
import { ReadAllOptions, ReadStreamOptions, StoredEvent, StreamName } from '../event-store';
import { parsePosition } from './position';
import { EVENT_COLUMNS, EventRow, toStoredEvent } from './rows';
import { EventStoreTables } from './tables';
import type { LogRead } from '../subscription/polling-subscription';

export async function readStream(
  pool: Pool,
  tables: EventStoreTables,
  stream: StreamName,
  options: ReadStreamOptions = {},
): Promise<StoredEvent[]> {
  const { rows } = await pool.query<EventRow>({
    name: tables.statement('read_stream'),
    text: `SELECT ${EVENT_COLUMNS} FROM ${tables.events} WHERE stream = $1 AND revision >= $2 ORDER BY revision`,
    values: [stream, (options.fromRevision ?? 0n).toString()],
  });
  return rows.map(toStoredEvent);
}

/**
 * The transaction id below which every transaction that could have written events has
 * finished: the oldest transaction still running in the snapshot, except those known to
 * run in another database (they cannot write this table) or in a session that never
 * appends (`non-appending-session.ts`: e.g. the projector's, which would otherwise hold
 * back every event committed during one of its batches), else the snapshot's xmax.
 * A running transaction that cannot be placed (gone from pg_stat_activity since the
 * snapshot, prepared, or hidden by permissions) still counts, so the bound is never late.
 * Transaction ids are compared modulo 2^32 with backend_xid: running ids are within 2^31
 * of each other, so the match is exact.
 */
const READABLE_BELOW = `
  (WITH snapshot AS (SELECT pg_current_snapshot() AS s),
        elsewhere AS (SELECT backend_xid::text::bigint AS xid FROM pg_stat_activity
                       WHERE backend_xid IS NOT NULL
                         AND (datname IS DISTINCT FROM current_database()
                              OR right(application_name, ${NON_APPENDING_MARK.length}) = '${NON_APPENDING_MARK}'))
   SELECT COALESCE(
     (SELECT min(running) FROM snapshot, pg_snapshot_xip(snapshot.s) AS running
       WHERE running::text::bigint % 4294967296 NOT IN (SELECT xid FROM elsewhere)),
     (SELECT pg_snapshot_xmax(s) FROM snapshot)))`;

/**
 * Reads only rows of transactions that have all finished ({@link READABLE_BELOW}),
 * ordered by transaction id first: a transaction that commits late sorts before
 * anything read after it, so a reader continuing from its last position skips nothing.
 * `everythingCommitted`: every committed row, without that bound.
 */
export async function readAll(
  pool: Pool,
  tables: EventStoreTables,
  options: ReadAllOptions = {},
): Promise<StoredEvent[]> {
  if (!options.everythingCommitted) return (await readLog(pool, tables, options)).events;
  const after = parsePosition(options.after);
  const { rows } = await pool.query<EventRow>({
    name: tables.statement('read_all_committed'),
    text: `SELECT ${EVENT_COLUMNS} FROM ${tables.events}
      WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
      ORDER BY transaction_id, global_position
      LIMIT $3`,
    values: [after.transactionId.toString(), after.globalPosition.toString(), options.limit ?? null],
  });
  return rows.map(toStoredEvent);
}

/**
 * The bounded `readAll`, and whether events after those read exist that the bound held back (their
 * transaction, or an older one still running, has not finished): the subscription then looks
 * again soon instead of waiting for the next notification. One round trip: the bound is
 * computed once, and the held-back check is one probe of the (transaction_id,
 * global_position) index: the first row past both the position read from and the bound
 * (`past`, one row comparison), so it costs the same whatever the table's size. Written
 * as `EXISTS` with two conditions, the prepared statement's generic plan scanned the
 * whole table instead (its cost model expects a match among the first rows).
 */
export async function readLog(pool: Pool, tables: EventStoreTables, options: ReadAllOptions = {}): Promise<LogRead> {
  const after = parsePosition(options.after);
  const { rows } = await pool.query<Partial<EventRow> & { held_back: boolean }>({
    name: tables.statement('read_log'),
    text: `WITH bound AS MATERIALIZED (SELECT ${READABLE_BELOW} AS below),
      readable AS (
        SELECT ${EVENT_COLUMNS} FROM ${tables.events}
         WHERE transaction_id < (SELECT below FROM bound)
           AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
         ORDER BY transaction_id, global_position
         LIMIT $3),
      past AS MATERIALIZED (
        SELECT GREATEST(below, $1::xid8) AS transaction_id,
               CASE WHEN below > $1::xid8 THEN 0 ELSE $2::bigint END AS global_position
          FROM bound),
      held AS (
        SELECT (SELECT true FROM ${tables.events}
                 WHERE (transaction_id, global_position) >
                       ((SELECT transaction_id FROM past), (SELECT global_position FROM past))
                 ORDER BY transaction_id, global_position
                 LIMIT 1) IS NOT NULL AS held_back)
      SELECT held.held_back, readable.* FROM held LEFT JOIN readable ON true
       ORDER BY readable.transaction_id, readable.global_position`,
    values: [after.transactionId.toString(), after.globalPosition.toString(), options.limit ?? null],
  });
  return {
    events: rows.filter((row) => row.id != null).map((row) => toStoredEvent(row as EventRow)),
    heldBack: rows[0]?.held_back ?? false,
  };
}
