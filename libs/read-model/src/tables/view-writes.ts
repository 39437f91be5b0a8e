/**
 * Set-based writes of the read models: one insert or upsert per table, whatever the
 * number of rows (arrays travel as single parameters, see unnest.ts), and all of a
 * batch's writes sent as ONE statement of data-modifying CTEs: one round trip.
 */
import type { OperationView, TenantView } from '../ports';
import type { StoredNotification } from '../projection/stored-notification';
import { CHECKPOINTS } from './checkpoints';
import { NOTIFICATIONS, PendingNotification } from './notifications';
import { OPERATIONS, operationToRow } from './operations';
import { HistoryEntry, TENANT_EVENTS } from './tenant-events';
import { TENANTS, tenantToRow } from './tenants';
import type { SqlClient } from '@tenantry/postgres';
import { Column, columnArrays, columnList, replaceAllBut, unnestInsert, unnestSelect } from './unnest';

/** Every column but the id: the bigserial gives the cursor, in insert order. */
const NOTIFICATION_WRITES: readonly Column<PendingNotification>[] = NOTIFICATIONS.written;

/** One write of a combined statement: its SQL, parameters numbered from `first`, and their values. */
export interface WritePart {
  sql(first: number): string;
  values: unknown[];
}

const unnestPart = <T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  sql: (first: number) => string,
): WritePart | undefined => (rows.length > 0 ? { sql, values: columnArrays(columns, rows) } : undefined);

/** Tenant ids must be unique within one part (an upsert cannot touch a row twice). */
export const tenantsUpsert = (tenants: readonly TenantView[]): WritePart | undefined =>
  unnestPart(
    tenants.map(tenantToRow),
    TENANTS.written,
    (first) =>
      `${unnestInsert(TENANTS.sqlName, TENANTS.written, { firstParameter: first })} on conflict ("id") do update set ${replaceAllBut(TENANTS.written, 'id')}`,
  );

/** Operation ids must be unique within one part. */
export const operationsUpsert = (operations: readonly OperationView[]): WritePart | undefined =>
  unnestPart(
    operations.map(operationToRow),
    OPERATIONS.written,
    (first) =>
      `${unnestInsert(OPERATIONS.sqlName, OPERATIONS.written, { firstParameter: first })} on conflict ("id") do update set ${replaceAllBut(OPERATIONS.written, 'id')}`,
  );

/** History entries already stored (same tenant and version, or same event id) are left alone. */
export const historyInsert = (entries: readonly HistoryEntry[]): WritePart | undefined =>
  unnestPart(
    entries,
    TENANT_EVENTS.written,
    (first) =>
      `${unnestInsert(TENANT_EVENTS.sqlName, TENANT_EVENTS.written, { firstParameter: first })} on conflict do nothing`,
  );

/**
 * In the given order, so that cursors follow it; (event, recipient) pairs already stored
 * are passed over. No conflict target: the rebuild loads before the unique index exists.
 */
export const notificationsInsert = (notifications: readonly PendingNotification[]): WritePart | undefined =>
  unnestPart(
    notifications,
    NOTIFICATION_WRITES,
    (first) => `
    insert into ${NOTIFICATIONS.sqlName} (${columnList(NOTIFICATION_WRITES)})
    select ${columnList(NOTIFICATION_WRITES)} from (${unnestSelect(NOTIFICATION_WRITES, { firstParameter: first, ordinality: true })}) ordered
    order by "ordinality" on conflict do nothing`,
  );

/**
 * Moves a checkpoint to `streamSequence`, never back, with the event-store `position` of
 * the last event applied (null: the position stays as it was).
 */
export const checkpointWrite = (name: string, streamSequence: number, position: string | null = null): WritePart => ({
  sql: (
    first,
  ) => `insert into ${CHECKPOINTS.sqlName} ("name", "stream_sequence", "position", "updated_at") values ($${first}, $${first + 1}, $${first + 2}, now())
    on conflict ("name") do update set
      "stream_sequence" = greatest(${CHECKPOINTS.sqlName}."stream_sequence", excluded."stream_sequence"),
      "position" = case when excluded."stream_sequence" >= ${CHECKPOINTS.sqlName}."stream_sequence"
        then coalesce(excluded."position", ${CHECKPOINTS.sqlName}."position") else ${CHECKPOINTS.sqlName}."position" end,
      "updated_at" = excluded."updated_at"`,
  values: [name, streamSequence, position],
});

/** Runs the parts as one statement (atomic on its own); they write different tables. */
export async function writeParts(client: SqlClient, parts: ReadonlyArray<WritePart | undefined>): Promise<void> {
  const { ctes, values } = combine(parts);
  if (ctes.length > 0) await client.query(`with ${ctes.join(',\n')} select 1`, values);
}

/**
 * The parts and the notifications in one statement; returns the notifications stored (in
 * cursor order), each with the cursor of its recipient's notification right before it.
 * The recipients' newest cursors before the insert come from the same statement: a
 * data-modifying CTE does not see its own rows, so `before` is what was committed (or
 * written earlier in this transaction), and batches are serialised.
 */
export async function writePartsReturningNotifications(
  client: SqlClient,
  parts: ReadonlyArray<WritePart | undefined>,
  notifications: readonly PendingNotification[],
): Promise<StoredNotification[]> {
  if (notifications.length === 0) {
    await writeParts(client, parts);
    return [];
  }
  const { ctes, values } = combine(parts);
  const first = values.length + 1;
  const { rows } = await client.query<{ cursor: string; eventId: string; recipientId: string; before: string | null }>(
    `
    with ${[...ctes, `input as (${unnestSelect(NOTIFICATION_WRITES, { firstParameter: first, ordinality: true })})`].join(',\n')},
    inserted as (
      insert into ${NOTIFICATIONS.sqlName} (${columnList(NOTIFICATION_WRITES)})
      select ${columnList(NOTIFICATION_WRITES)} from input order by "ordinality"
      on conflict do nothing
      returning "id", "event_id", "recipient_id"
    ),
    before as (
      select r."recipient_id", (select max(n."id") from ${NOTIFICATIONS.sqlName} n where n."recipient_id" = r."recipient_id") as "id"
      from (select distinct "recipient_id" from input) r
    )
    select inserted."id"::text as "cursor", inserted."event_id" as "eventId", inserted."recipient_id" as "recipientId",
      before."id"::text as "before"
    from inserted join before using ("recipient_id")
    order by inserted."id"`,
    [...values, ...columnArrays(NOTIFICATION_WRITES, notifications)],
  );
  return chainToPrevious(rows, notifications);
}

function combine(parts: ReadonlyArray<WritePart | undefined>): { ctes: string[]; values: unknown[] } {
  const ctes: string[] = [];
  const values: unknown[] = [];
  for (const part of parts) {
    if (!part) continue;
    ctes.push(`write_${ctes.length + 1} as (${part.sql(values.length + 1)})`);
    values.push(...part.values);
  }
  return { ctes, values };
}

/** Rows in cursor order: a recipient's first follows `before`, each later one the row before it. */
function chainToPrevious(
  rows: ReadonlyArray<{ cursor: string; eventId: string; recipientId: string; before: string | null }>,
  notifications: readonly PendingNotification[],
): StoredNotification[] {
  const pending = new Map(notifications.map((n) => [`${n.eventId}/${n.recipientId}`, n]));
  const last = new Map<string, string | null>();
  return rows.map((row) => {
    const { eventId: _eventId, ...notification } = pending.get(`${row.eventId}/${row.recipientId}`)!;
    const previousCursor = last.has(row.recipientId) ? last.get(row.recipientId)! : row.before;
    last.set(row.recipientId, row.cursor);
    return { ...notification, cursor: row.cursor, previousCursor };
  });
}
