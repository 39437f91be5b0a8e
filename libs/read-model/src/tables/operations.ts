/** Table `operations`: one row per operation (create, update, delete, …) of a tenant (OperationView). */
import { stepNameOf } from '@tenantry/tenant-domain';
import type { OperationKind, Priority, ProvisioningStep } from '@tenantry/tenant-domain';
import type { OperationStatus, OperationView } from '../ports';
import { integer, json, nullable, primary, text, timestamptz } from './column';
import { defineTable, RowOf } from './table';

/** A step of `steps`, as stored (JSON: times as ISO strings). */
export interface StepRow {
  step: string;
  /** Absent in rows written before custom steps. */
  stepName?: string;
  startedAt: string;
  finishedAt: string | null;
}

export const OPERATIONS = defineTable({
  name: 'operations',
  entity: 'ReadOperation',
  // The pages, newest first (queries/pages.ts): all operations, one tenant's, by status, by kind.
  indexes: [
    { name: 'operations_requested_at_id_index', properties: ['requestedAt', 'id'] },
    { name: 'operations_tenant_id_requested_at_id_index', properties: ['tenantId', 'requestedAt', 'id'] },
    { name: 'operations_status_requested_at_id_index', properties: ['status', 'requestedAt', 'id'] },
    { name: 'operations_kind_requested_at_id_index', properties: ['kind', 'requestedAt', 'id'] },
  ],
  columns: {
    id: primary(text()),
    tenantId: text(),
    kind: text(),
    status: text(),
    priority: text(),
    requestedBy: text(),
    requestedAt: timestamptz(),
    startedAt: nullable(timestamptz()),
    finishedAt: nullable(timestamptz()),
    attempt: integer(),
    step: nullable(text()),
    stepName: nullable(text()),
    steps: json<StepRow[]>(),
    error: nullable(text()),
    /** null: none (and rows written before custom steps). */
    customSteps: nullable(json<string[]>()),
  },
});

export type OperationRow = RowOf<typeof OPERATIONS>;

export const operationToRow = (view: OperationView): OperationRow => ({
  ...view,
  steps: view.steps.map((s) => ({
    step: s.step,
    stepName: s.stepName,
    startedAt: s.startedAt.toISOString(),
    finishedAt: s.finishedAt?.toISOString() ?? null,
  })),
  customSteps: view.customSteps.length > 0 ? view.customSteps : null,
});

export const operationFromRow = (row: OperationRow): OperationView => ({
  id: row.id,
  tenantId: row.tenantId,
  kind: row.kind as OperationKind,
  status: row.status as OperationStatus,
  priority: row.priority as Priority,
  requestedBy: row.requestedBy,
  requestedAt: row.requestedAt,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
  attempt: row.attempt,
  step: row.step as ProvisioningStep | null,
  stepName: row.stepName ?? (row.step === null ? null : stepNameOf(row.step as ProvisioningStep)),
  steps: row.steps.map((s) => ({
    step: s.step as ProvisioningStep,
    stepName: s.stepName ?? stepNameOf(s.step as ProvisioningStep),
    startedAt: new Date(s.startedAt),
    finishedAt: s.finishedAt === null ? null : new Date(s.finishedAt),
  })),
  error: row.error,
  customSteps: row.customSteps ?? [],
});
