/** Plain-SQL reads of what a batch needs before it applies events: one statement each. */
import type { SqlClient } from '@tenantry/postgres';
import type { OperationView, TenantView } from '../ports';
import { CHECKPOINTS } from './checkpoints';
import { operationFromRow, OPERATIONS } from './operations';
import { TENANT_EVENTS } from './tenant-events';
import { tenantFromRow, TENANTS } from './tenants';

const SELECT_TENANTS = `select ${TENANTS.selectList} from ${TENANTS.sqlName} where "id" = any($1::text[])`;
const SELECT_OPERATIONS = `select ${OPERATIONS.selectList} from ${OPERATIONS.sqlName} where "id" = any($1::text[])`;

export async function loadTenants(client: SqlClient, ids: readonly string[]): Promise<Map<string, TenantView>> {
  if (ids.length === 0) return new Map();
  const { rows } = await client.query(SELECT_TENANTS, [ids]);
  return new Map(rows.map((row) => tenantFromRow(TENANTS.rowOf(row))).map((tenant) => [tenant.id, tenant]));
}

export async function loadOperations(client: SqlClient, ids: readonly string[]): Promise<Map<string, OperationView>> {
  if (ids.length === 0) return new Map();
  const { rows } = await client.query(SELECT_OPERATIONS, [ids]);
  return new Map(
    rows.map((row) => operationFromRow(OPERATIONS.rowOf(row))).map((operation) => [operation.id, operation]),
  );
}

/** Which of these event ids are already in a tenant's history. */
export async function recordedEventIds(client: SqlClient, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const { rows } = await client.query<{ eventId: string }>(
    `select "event_id" as "eventId" from ${TENANT_EVENTS.sqlName} where "event_id" = any($1::text[])`,
    [eventIds],
  );
  return new Set(rows.map((row) => row.eventId));
}

/** The checkpoint's stream sequence, 0 when it was never written. */
export async function readCheckpoint(client: SqlClient, name: string): Promise<number> {
  const { rows } = await client.query<{ streamSequence: string }>(
    `select "stream_sequence" as "streamSequence" from ${CHECKPOINTS.sqlName} where "name" = $1`,
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

const SELECT_BATCH_VIEWS = `select
  (select "stream_sequence" from ${CHECKPOINTS.sqlName} where "name" = $1) as "checkpoint",
  (select coalesce(json_agg(t), '[]') from (${SELECT_TENANTS.replace('$1', '$2')}) t) as "tenants",
  (select coalesce(json_agg(o), '[]') from (${SELECT_OPERATIONS.replace('$1', '$3')}) o) as "operations",
  (select coalesce(array_agg("event_id"), '{}') from ${TENANT_EVENTS.sqlName} where "event_id" = any($4::text[])) as "recordedEventIds"`;

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
    tenants: new Map(row.tenants.map((json) => tenantFromRow(TENANTS.rowOf(json))).map((t) => [t.id, t])),
    operations: new Map(row.operations.map((json) => operationFromRow(OPERATIONS.rowOf(json))).map((o) => [o.id, o])),
    recordedEventIds: new Set(row.recordedEventIds),
  };
}
