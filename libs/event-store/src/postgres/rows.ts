import { StoredEvent } from '../event-store';
import { formatPosition } from './position';

/** An events row as node-postgres returns it (bigint and xid8 as strings). */
export interface EventRow {
  global_position: string;
  transaction_id: string;
  id: string;
  stream: string;
  revision: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recorded_at: Date;
}

export const EVENT_COLUMNS = 'global_position, transaction_id, id, stream, revision, type, data, metadata, recorded_at';

export const toStoredEvent = (row: EventRow): StoredEvent => ({
  id: row.id,
  stream: row.stream,
  type: row.type,
  revision: BigInt(row.revision),
  position: formatPosition({ transactionId: BigInt(row.transaction_id), globalPosition: BigInt(row.global_position) }),
  data: row.data,
  metadata: row.metadata,
  recordedAt: row.recorded_at,
});
