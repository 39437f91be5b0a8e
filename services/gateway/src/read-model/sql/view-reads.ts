/** Plain-SQL reads of what a batch needs before it applies events: one statement each. */
import type { OperationRow, TenantRow } from '../entities';
import type { OperationView, TenantView } from '../ports';
import { operationFromRow, tenantFromRow } from '../rows';
import { OPERATION_COLUMNS, table, TENANT_COLUMNS } from './read-model-columns';
import type { SqlClient } from './sql-client';
import type { Column } from './unnest';

/** `"is_active" as "isActive", …`: rows come back in the shape of the entity rows (entities.ts). */
const asRowFields = <T>(columns: readonly Column<T>[]) =>
  columns.map((c) => `"${c.name}" as "${c.name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())}"`).join(', ');

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
    `select "event_id" as "eventId" from ${table('tenant_events')} where "event_id" = any($1::text[])`, [eventIds],
  );
  return new Set(rows.map((row) => row.eventId));
}

/** The checkpoint's stream sequence, 0 when it was never written. */
export async function readCheckpoint(client: SqlClient, name: string): Promise<number> {
  const { rows } = await client.query<{ streamSequence: string }>(
    `select "stream_sequence" as "streamSequence" from ${table('projector_checkpoints')} where "name" = $1`, [name],
  );
  return rows[0] ? Number(rows[0].streamSequence) : 0;
}
