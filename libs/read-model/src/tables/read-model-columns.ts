/**
 * The read-model tables (entities.ts declares them; MikroORM creates them) as seen by the
 * set-based writers: each column fed from a view. `read-model-columns.spec.ts` checks
 * the names against the entity schemas, so the two cannot drift apart.
 */
import { READ_MODEL_SCHEMA } from './entities';
import type { NewNotification } from '../projection/notification-of';
import type { OperationView, TenantView } from '../ports';
import type { Column } from './unnest';

export const table = (name: string): string => `"${READ_MODEL_SCHEMA}"."${name}"`;

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export const TENANT_COLUMNS: readonly Column<TenantView>[] = [
  { name: 'id', type: 'text', value: (t) => t.id },
  { name: 'name', type: 'text', value: (t) => t.name },
  { name: 'is_active', type: 'boolean', value: (t) => t.isActive },
  { name: 'status', type: 'text', value: (t) => t.status },
  { name: 'provisioning_error', type: 'text', value: (t) => t.provisioningError },
  { name: 'last_provisioning_attempt', type: 'timestamptz', value: (t) => iso(t.lastProvisioningAttempt) },
  { name: 'admin_email', type: 'text', value: (t) => t.adminEmail },
  { name: 'database_mode', type: 'text', value: (t) => t.database.mode },
  { name: 'database_name', type: 'text', value: (t) => t.database.name },
  { name: 'database_host', type: 'text', value: (t) => t.database.host },
  { name: 'database_secret', type: 'text', value: (t) => t.databaseSecret },
  { name: 'created_at', type: 'timestamptz', value: (t) => iso(t.createdAt) },
  { name: 'updated_at', type: 'timestamptz', value: (t) => iso(t.updatedAt) },
  { name: 'version', type: 'integer', value: (t) => t.version },
  { name: 'current_operation_id', type: 'text', value: (t) => t.currentOperationId },
  { name: 'priority', type: 'text', value: (t) => t.priority },
  { name: 'status_before_operation', type: 'text', value: (t) => t.statusBeforeOperation },
];

export const OPERATION_COLUMNS: readonly Column<OperationView>[] = [
  { name: 'id', type: 'text', value: (o) => o.id },
  { name: 'tenant_id', type: 'text', value: (o) => o.tenantId },
  { name: 'kind', type: 'text', value: (o) => o.kind },
  { name: 'status', type: 'text', value: (o) => o.status },
  { name: 'priority', type: 'text', value: (o) => o.priority },
  { name: 'requested_by', type: 'text', value: (o) => o.requestedBy },
  { name: 'requested_at', type: 'timestamptz', value: (o) => iso(o.requestedAt) },
  { name: 'started_at', type: 'timestamptz', value: (o) => iso(o.startedAt) },
  { name: 'finished_at', type: 'timestamptz', value: (o) => iso(o.finishedAt) },
  { name: 'attempt', type: 'integer', value: (o) => o.attempt },
  { name: 'step', type: 'text', value: (o) => o.step },
  { name: 'step_name', type: 'text', value: (o) => o.stepName },
  // The same JSON as operationToRow: ISO strings for the step times.
  { name: 'steps', type: 'jsonb', value: (o) => JSON.stringify(o.steps) },
  { name: 'error', type: 'text', value: (o) => o.error },
  {
    name: 'custom_steps',
    type: 'jsonb',
    value: (o) => (o.customSteps.length > 0 ? JSON.stringify(o.customSteps) : null),
  },
];

/** One applied event of a tenant's history, as the writers take it. */
export interface HistoryEntry {
  tenantId: string;
  version: number;
  eventId: string;
  type: string;
  occurredAt: Date;
  /** JSON text, secrets removed (the projection's `history.data`). */
  data: string;
  streamSequence: number;
}

export const HISTORY_COLUMNS: readonly Column<HistoryEntry>[] = [
  { name: 'tenant_id', type: 'text', value: (h) => h.tenantId },
  { name: 'version', type: 'integer', value: (h) => h.version },
  { name: 'event_id', type: 'text', value: (h) => h.eventId },
  { name: 'type', type: 'text', value: (h) => h.type },
  { name: 'occurred_at', type: 'timestamptz', value: (h) => iso(h.occurredAt) },
  { name: 'data', type: 'jsonb', value: (h) => h.data },
  { name: 'stream_sequence', type: 'bigint', value: (h) => h.streamSequence },
];

/** A notification before it is stored, with the event it comes from (unique with the recipient). */
export type PendingNotification = NewNotification & { eventId: string };

/** Every column but `id`: the bigserial gives the cursor, in insert order. */
export const NOTIFICATION_COLUMNS: readonly Column<PendingNotification>[] = [
  { name: 'event_id', type: 'text', value: (n) => n.eventId },
  { name: 'recipient_id', type: 'text', value: (n) => n.recipientId },
  { name: 'type', type: 'text', value: (n) => n.type },
  { name: 'tenant_id', type: 'text', value: (n) => n.tenantId },
  { name: 'operation_id', type: 'text', value: (n) => n.operationId },
  { name: 'message', type: 'text', value: (n) => n.message },
  { name: 'error', type: 'text', value: (n) => n.error },
  { name: 'step', type: 'text', value: (n) => n.step },
  { name: 'step_name', type: 'text', value: (n) => n.stepName },
  { name: 'occurred_at', type: 'timestamptz', value: (n) => iso(n.occurredAt) },
];
