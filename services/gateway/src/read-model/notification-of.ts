/**
 * Which events tell a user something, and in what words. Pure. The recipient is the
 * event's `requestedBy`: the user who initiated the operation (or cancelled it).
 */
import { ProvisioningStep, STEPS_OF, TenantEvent } from '@tenantry/tenant-domain';
import type { NotificationView, TenantView } from './ports';

/** A notification before it is stored: the cursor comes from the table. */
export type NewNotification = Omit<NotificationView, 'cursor'>;

export function notificationOf(event: TenantEvent, tenant: TenantView): NewNotification | null {
  const name = tenant.name;
  const base = {
    recipientId: event.data.requestedBy,
    tenantId: event.data.tenantId,
    operationId: event.data.operationId,
    occurredAt: new Date(event.data.occurredAt),
    error: null,
    step: null,
  };
  switch (event.type) {
    case 'TenantProvisioningStepCompleted':
      return {
        ...base, type: 'TENANT_PROVISIONING_PROGRESS', step: event.data.step,
        message: `Tenant '${name}': ${stepProgress(event.data.step)}`,
      };
    case 'TenantProvisioned':
      return { ...base, type: 'TENANT_CREATED', message: `Tenant '${name}' is ready` };
    case 'TenantProvisioningFailed':
      return {
        ...base, type: 'TENANT_CREATION_FAILED', error: event.data.error,
        message: `Tenant '${name}' could not be created: ${event.data.error}`,
      };
    case 'TenantUpdated':
      return { ...base, type: 'TENANT_UPDATED', message: `Tenant '${name}' was updated` };
    case 'TenantUpdateFailed':
      return {
        ...base, type: 'TENANT_UPDATE_FAILED', error: event.data.error,
        message: `Tenant '${name}' could not be updated: ${event.data.error}`,
      };
    case 'TenantCancelled':
      return { ...base, type: 'TENANT_CANCELLED', message: `Tenant '${name}' was cancelled` };
    case 'TenantDeleted':
      return { ...base, type: 'TENANT_DELETED', message: `Tenant '${name}' was deleted` };
    case 'TenantDeletionFailed':
      return {
        ...base, type: 'TENANT_DELETION_FAILED', error: event.data.error,
        message: `Tenant '${name}' could not be deleted: ${event.data.error}`,
      };
    case 'TenantRequested':
    case 'TenantProvisioningStarted':
    case 'TenantRetryRequested':
    case 'TenantUpdateRequested':
    case 'TenantCancellationRequested':
    case 'TenantDeletionRequested':
      // The requester already got `Accepted`; the worker picking the job up is not news.
      return null;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** The steps of the job a step belongs to (steps are unique to one kind of job). */
const progressSteps = (step: string) =>
  Object.values(STEPS_OF).find((steps) => steps.includes(step as never)) ?? [step];

const describeStep = (step: string) => step.toLowerCase().replace(/_/g, ' ');

/** `creating database done (1/4)`, worked out once per step: a replay asks for it for every step event. */
const progressOfStep = new Map<ProvisioningStep, string>();
function stepProgress(step: ProvisioningStep): string {
  let progress = progressOfStep.get(step);
  if (progress === undefined) {
    const steps = progressSteps(step);
    progress = `${describeStep(step)} done (${steps.indexOf(step) + 1}/${steps.length})`;
    progressOfStep.set(step, progress);
  }
  return progress;
}
