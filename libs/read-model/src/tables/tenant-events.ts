/**
 * Table `tenant_events`: one row per applied event, the tenant's history, and the
 * (tenant, version) and event-id guards against applying an event twice.
 */
import type { TenantEventView } from '../ports';
import { bigint, integer, jsonText, primary, text, timestamptz } from './column';
import { defineTable, RowOf } from './table';

export const TENANT_EVENTS = defineTable({
  name: 'tenant_events',
  entity: 'ReadTenantEvent',
  uniques: [{ properties: ['eventId'] }],
  columns: {
    tenantId: primary(text()),
    version: primary(integer()),
    eventId: text(),
    type: text(),
    occurredAt: timestamptz(),
    /** JSON text, secrets removed (the projection's `history.data`). */
    data: jsonText(),
    streamSequence: bigint(),
  },
});

/** One applied event of a tenant's history. */
export type HistoryEntry = RowOf<typeof TENANT_EVENTS>;

export const tenantEventFromRow = (row: HistoryEntry): TenantEventView => ({
  type: row.type,
  version: row.version,
  occurredAt: row.occurredAt,
  data: row.data,
});
