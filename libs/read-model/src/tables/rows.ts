/** Views (ports.ts) to table rows (entities.ts) and back. */
import { stepNameOf } from '@tenantry/tenant-domain';
import type {
  DatabaseMode,
  OperationKind,
  Priority,
  ProvisioningStatus,
  ProvisioningStep,
} from '@tenantry/tenant-domain';
import type { NotificationRow, OperationRow, TenantEventRow, TenantRow } from './entities';
import type {
  NotificationType,
  NotificationView,
  OperationStatus,
  OperationView,
  TenantEventView,
  TenantView,
} from '../ports';

export const tenantToRow = ({ database, ...view }: TenantView): TenantRow => ({
  ...view,
  databaseMode: database.mode,
  databaseName: database.name,
  databaseHost: database.host,
});

export const tenantFromRow = (row: TenantRow): TenantView => ({
  id: row.id,
  name: row.name,
  isActive: row.isActive,
  status: row.status as ProvisioningStatus,
  provisioningError: row.provisioningError,
  lastProvisioningAttempt: row.lastProvisioningAttempt,
  adminEmail: row.adminEmail,
  database: { mode: row.databaseMode as DatabaseMode, name: row.databaseName, host: row.databaseHost },
  databaseSecret: row.databaseSecret,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  version: row.version,
  currentOperationId: row.currentOperationId,
  priority: row.priority as Priority,
  statusBeforeOperation: row.statusBeforeOperation as ProvisioningStatus | null,
});

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

export const tenantEventFromRow = (row: TenantEventRow): TenantEventView => ({
  type: row.type,
  version: row.version,
  occurredAt: row.occurredAt,
  data: JSON.stringify(row.data),
});

export const notificationFromRow = (row: NotificationRow): NotificationView => ({
  cursor: String(row.id),
  type: row.type as NotificationType,
  recipientId: row.recipientId,
  tenantId: row.tenantId,
  operationId: row.operationId,
  message: row.message,
  error: row.error,
  step: row.step as ProvisioningStep | null,
  stepName: row.stepName ?? (row.step === null ? null : stepNameOf(row.step as ProvisioningStep)),
  occurredAt: row.occurredAt,
});
