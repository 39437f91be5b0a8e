import type { Pool } from 'pg';
import { ReadAllOptions, StoredEvent, StreamName } from '../event-store';
import { parsePosition } from './position';
import { EVENT_COLUMNS, EventRow, toStoredEvent } from './rows';
import { EventStoreTables } from './tables';

export async function readStream(pool: Pool, tables: EventStoreTables, stream: StreamName): Promise<StoredEvent[]> {
  const { rows } = await pool.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM ${tables.events} WHERE stream = $1 ORDER BY revision`,
    [stream],
  );
  return rows.map(toStoredEvent);
}

/**
 * Reads only rows of transactions older than the oldest one still running
 * (`pg_snapshot_xmin`): those have all committed or aborted, so no row can later
 * appear before the last one returned. Ordering by transaction id first makes a
 * late-committing transaction's rows sort before anything read after them.
 */
export async function readAll(pool: Pool, tables: EventStoreTables, options: ReadAllOptions = {}): Promise<StoredEvent[]> {
  const after = parsePosition(options.after);
  const { rows } = await pool.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM ${tables.events}
      WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
      ORDER BY transaction_id, global_position
      LIMIT $3`,
    [after.transactionId.toString(), after.globalPosition.toString(), options.limit ?? null],
  );
  return rows.map(toStoredEvent);
}
