/** Plain-SQL reads of what a batch needs before it applies events: one statement each. */
import type { OperationRow, TenantRow } from './entities';
import type { OperationView, TenantView } from '../ports';
import { operationFromRow, tenantFromRow } from './rows';
import { OPERATION_COLUMNS, table, TENANT_COLUMNS } from './read-model-columns';
import type { SqlClient } from '@tenantry/postgres';
import type { Column } from './unnest';

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** `"is_active" as "isActive", …`: rows come back in the shape of the entity rows (entities.ts). */
const asRowFields = <T>(columns: readonly Column<T>[]) =>
  columns.map((c) => `"${c.name}" as "${camelCase(c.name)}"`).join(', ');

const SELECT_TENANTS = `select ${asRowFields(TENANT_COLUMNS)} from ${table('tenants')} where "id" = any($1::text[])`;
const SELECT_OPERATIONS = `select ${asRowFields(OPERATION_COLUMNS)} from ${table('operations')} where "id" = any($1::text[])`;

export async function loadTenants(client: SqlClient, ids: readonly string[]): Promise<Map<string, TenantView>> {
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<TenantRow & Record<string, unknown>>(SELECT_TENANTS, [ids]);
  return new Map(rows.map((row) => [row.id, tenantFromRow(row)]));
}

export async function loadOperations(client: SqlClient, ids: readonly string[]): Promise<Map<string, OperationView>> {
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<OperationRow & Record<string, unknown>>(SELECT_OPERATIONS, [ids]);
  return new Map(rows.map((row) => [row.id, operationFromRow(row)]));
}

/** Which of these event ids are already in a tenant's history. */
export async function recordedEventIds(client: SqlClient, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const { rows } = await client.query<{ eventId: string }>(
    `select "event_id" as "eventId" from ${table('tenant_events')} where "event_id" = any($1::text[])`,
    [eventIds],
  );
  return new Set(rows.map((row) => row.eventId));
}

/** The checkpoint's stream sequence, 0 when it was never written. */
export async function readCheckpoint(client: SqlClient, name: string): Promise<number> {
  const { rows } = await client.query<{ streamSequence: string }>(
    `select "stream_sequence" as "streamSequence" from ${table('projector_checkpoints')} where "name" = $1`,
    [name],
  );
  return rows[0] ? Number(rows[0].streamSequence) : 0;
}

/** What a batch reads before it applies its events, in one round trip. */
export interface BatchViews {
  checkpoint: number;
  tenants: Map<string, TenantView>;
  operations: Map<string, OperationView>;
  recordedEventIds: Set<string>;
}

type JsonRow = Record<string, unknown>;

/** JSON has no dates: the timestamp columns come back as ISO strings, and become Dates here. */
const rowWithDates = <Row>(columns: readonly Column<unknown>[]) => {
  const fields = columns.filter((c) => c.type === 'timestamptz').map((c) => camelCase(c.name));
  return (row: JsonRow): Row => {
    for (const field of fields) if (typeof row[field] === 'string') row[field] = new Date(row[field]);
    return row as Row;
  };
};
const tenantRowOf = rowWithDates<TenantRow>(TENANT_COLUMNS as readonly Column<unknown>[]);
const operationRowOf = rowWithDates<OperationRow>(OPERATION_COLUMNS as readonly Column<unknown>[]);

const SELECT_BATCH_VIEWS = `select
  (select "stream_sequence" from ${table('projector_checkpoints')} where "name" = $1) as "checkpoint",
  (select coalesce(json_agg(t), '[]') from (${SELECT_TENANTS.replace('$1', '$2')}) t) as "tenants",
  (select coalesce(json_agg(o), '[]') from (${SELECT_OPERATIONS.replace('$1', '$3')}) o) as "operations",
  (select coalesce(array_agg("event_id"), '{}') from ${table('tenant_events')} where "event_id" = any($4::text[])) as "recordedEventIds"`;

/**
 * The checkpoint, then the tenants, operations and recorded event ids that the events
 * name, in one statement: the projector's batch is on the path of every notification.
 */
export async function loadBatchViews(
  client: SqlClient,
  checkpointName: string,
  ids: { tenantIds: readonly string[]; operationIds: readonly string[]; eventIds: readonly string[] },
): Promise<BatchViews> {
  const { rows } = await client.query<{
    checkpoint: string | null;
    tenants: JsonRow[];
    operations: JsonRow[];
    recordedEventIds: string[];
  }>(SELECT_BATCH_VIEWS, [checkpointName, ids.tenantIds, ids.operationIds, ids.eventIds]);
  const row = rows[0]!;
  return {
    checkpoint: row.checkpoint === null ? 0 : Number(row.checkpoint),
    tenants: new Map(row.tenants.map((json) => tenantFromRow(tenantRowOf(json))).map((t) => [t.id, t])),
    operations: new Map(row.operations.map((json) => operationFromRow(operationRowOf(json))).map((o) => [o.id, o])),
    recordedEventIds: new Set(row.recordedEventIds),
  };
}
