/**
 * Set-based writes of the read models: one statement per table and chunk of rows,
 * whatever the chunk's size (arrays travel as single parameters, see unnest.ts).
 */
import type { StoredNotification } from '../stored-notification';
import type { OperationView, TenantView } from '../ports';
import {
  HISTORY_COLUMNS, HistoryEntry, NOTIFICATION_COLUMNS, OPERATION_COLUMNS, PendingNotification, table, TENANT_COLUMNS,
} from './read-model-columns';
import type { SqlClient } from './sql-client';
import { columnArrays, columnList, replaceAllBut, unnestInsert, unnestSelect } from './unnest';

const UPSERT_TENANTS = `${unnestInsert(table('tenants'), TENANT_COLUMNS)} on conflict ("id") do update set ${replaceAllBut(TENANT_COLUMNS, 'id')}`;
const UPSERT_OPERATIONS = `${unnestInsert(table('operations'), OPERATION_COLUMNS)} on conflict ("id") do update set ${replaceAllBut(OPERATION_COLUMNS, 'id')}`;
const INSERT_HISTORY = `${unnestInsert(table('tenant_events'), HISTORY_COLUMNS)} on conflict do nothing`;
const INSERT_NOTIFICATIONS = `${unnestInsert(table('notifications'), NOTIFICATION_COLUMNS)} on conflict ("event_id", "recipient_id") do nothing`;

/** Tenant ids must be unique within one call (an upsert cannot touch a row twice). */
export async function upsertTenants(client: SqlClient, tenants: readonly TenantView[]): Promise<void> {
  if (tenants.length > 0) await client.query(UPSERT_TENANTS, columnArrays(TENANT_COLUMNS, tenants));
}

/** Operation ids must be unique within one call. */
export async function upsertOperations(client: SqlClient, operations: readonly OperationView[]): Promise<void> {
  if (operations.length > 0) await client.query(UPSERT_OPERATIONS, columnArrays(OPERATION_COLUMNS, operations));
}

/** History entries already stored (same tenant and version, or same event id) are left alone. */
export async function insertHistory(client: SqlClient, entries: readonly HistoryEntry[]): Promise<void> {
  if (entries.length > 0) await client.query(INSERT_HISTORY, columnArrays(HISTORY_COLUMNS, entries));
}

/** Inserts in the given order (so cursors follow it), passing over (event, recipient) pairs already stored. */
export async function insertNotifications(client: SqlClient, notifications: readonly PendingNotification[]): Promise<void> {
  if (notifications.length > 0) await client.query(INSERT_NOTIFICATIONS, ordered(notifications));
}

/**
 * The same insert, returning the rows stored (in cursor order), each with the cursor of
 * its recipient's notification right before it. The recipients' newest cursors before
 * the insert are read in the same statement: a data-modifying CTE does not see its own
 * rows, so `before` is what was committed (or written earlier in this transaction).
 */
const INSERT_NOTIFICATIONS_RETURNING = `
with input as (${unnestSelect(NOTIFICATION_COLUMNS, { ordinality: true })}),
inserted as (
  insert into ${table('notifications')} (${columnList(NOTIFICATION_COLUMNS)})
  select ${columnList(NOTIFICATION_COLUMNS)} from input order by "ordinality"
  on conflict ("event_id", "recipient_id") do nothing
  returning "id", "event_id", "recipient_id"
),
before as (
  select r."recipient_id", (select max(n."id") from ${table('notifications')} n where n."recipient_id" = r."recipient_id") as "id"
  from (select distinct "recipient_id" from input) r
)
select inserted."id"::text as "cursor", inserted."event_id" as "eventId", inserted."recipient_id" as "recipientId",
  before."id"::text as "before"
from inserted join before using ("recipient_id")
order by inserted."id"`;

export async function insertNotificationsReturningCursors(
  client: SqlClient,
  notifications: readonly PendingNotification[],
): Promise<StoredNotification[]> {
  if (notifications.length === 0) return [];
  const { rows } = await client.query<{ cursor: string; eventId: string; recipientId: string; before: string | null }>(
    INSERT_NOTIFICATIONS_RETURNING, ordered(notifications),
  );
  const pending = new Map(notifications.map((n) => [`${n.eventId}/${n.recipientId}`, n]));
  const last = new Map<string, string | null>();
  return rows.map((row) => {
    const { eventId: _eventId, ...notification } = pending.get(`${row.eventId}/${row.recipientId}`)!;
    const previousCursor = last.has(notification.recipientId) ? last.get(notification.recipientId)! : row.before;
    last.set(notification.recipientId, row.cursor);
    return { ...notification, cursor: row.cursor, previousCursor };
  });
}

/** Moves a checkpoint to `streamSequence`, never back. */
export async function writeCheckpoint(client: SqlClient, name: string, streamSequence: number): Promise<void> {
  await client.query(
    `insert into ${table('projector_checkpoints')} ("name", "stream_sequence", "updated_at") values ($1, $2, now())
     on conflict ("name") do update set "stream_sequence" = greatest(${table('projector_checkpoints')}."stream_sequence", excluded."stream_sequence"), "updated_at" = excluded."updated_at"`,
    [name, streamSequence],
  );
}

const ordered = (notifications: readonly PendingNotification[]) => columnArrays(NOTIFICATION_COLUMNS, notifications);
