/**
 * Which events tell a user something, and in what words. Pure. The recipient is the
 * event's `requestedBy`: the user who initiated the operation (or cancelled it), by
 * principal key (a bare id from before keys is a root user's).
 */
import { requesterKey } from '@tenantry/auth';
import { OperationKind, planOf, ProvisioningStep, STEPS_OF, stepNameOf, TenantEvent } from '@tenantry/tenant-domain';
import type { NotificationView, TenantView } from '../ports';

/** A notification before it is stored: the cursor comes from the table. */
export type NewNotification = Omit<NotificationView, 'cursor'>;

/** `customSteps`: the application's steps recorded for the event's operation (they count in `i/n`). */
export function notificationOf(
  event: TenantEvent,
  tenant: TenantView,
  customSteps: readonly string[] = [],
): NewNotification | null {
  const name = tenant.name;
  const base = {
    recipientId: requesterKey(event.data.requestedBy),
    tenantId: event.data.tenantId,
    operationId: event.data.operationId,
    occurredAt: new Date(event.data.occurredAt),
    error: null,
    step: null,
    stepName: null,
  };
  switch (event.type) {
    case 'TenantProvisioningStepCompleted':
      return {
        ...base,
        type: 'TENANT_PROVISIONING_PROGRESS',
        step: event.data.step,
        stepName: stepNameOf(event.data.step, event.data.stepName),
        message: `Tenant '${name}': ${stepProgress(event.data.step, event.data.stepName, customSteps)}`,
      };
    case 'TenantProvisioned':
      return { ...base, type: 'TENANT_CREATED', message: `Tenant '${name}' is ready` };
    case 'TenantProvisioningFailed':
      return {
        ...base,
        type: 'TENANT_CREATION_FAILED',
        error: event.data.error,
        message: `Tenant '${name}' could not be created: ${event.data.error}`,
      };
    case 'TenantUpdated':
      return { ...base, type: 'TENANT_UPDATED', message: `Tenant '${name}' was updated` };
    case 'TenantUpdateFailed':
      return {
        ...base,
        type: 'TENANT_UPDATE_FAILED',
        error: event.data.error,
        message: `Tenant '${name}' could not be updated: ${event.data.error}`,
      };
    case 'TenantCancelled':
      return { ...base, type: 'TENANT_CANCELLED', message: `Tenant '${name}' was cancelled` };
    case 'TenantDeleted':
      return { ...base, type: 'TENANT_DELETED', message: `Tenant '${name}' was deleted` };
    case 'TenantDeletionFailed':
      return {
        ...base,
        type: 'TENANT_DELETION_FAILED',
        error: event.data.error,
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

/**
 * `creating database done (1/4)`, `seed-welcome-note done (5/5)`: n counts every step of the
 * job, the application's too. Worked out once per step and plan: a replay asks for every step event.
 */
const progressOfStep = new Map<string, string>();
function stepProgress(step: ProvisioningStep, stepName: string | undefined, customSteps: readonly string[]): string {
  if (customSteps.length > 0 || step === 'CUSTOM') return planProgress(step, stepName, customSteps);
  let progress = progressOfStep.get(step);
  if (progress === undefined) {
    const steps = progressSteps(step);
    progress = `${describeStep(step)} done (${steps.indexOf(step) + 1}/${steps.length})`;
    progressOfStep.set(step, progress);
  }
  return progress;
}

function planProgress(step: ProvisioningStep, stepName: string | undefined, customSteps: readonly string[]): string {
  const key = `${step}:${stepName ?? ''}:${customSteps.join(',')}`;
  let progress = progressOfStep.get(key);
  if (progress === undefined) {
    const kind = (Object.keys(STEPS_OF) as OperationKind[]).find((k) => STEPS_OF[k].includes(step)) ?? 'CREATE';
    const plan = planOf(kind, customSteps);
    const name = stepNameOf(step, stepName);
    const label = step === 'CUSTOM' ? name : describeStep(step);
    progress = `${label} done (${plan.findIndex((s) => s.name === name) + 1}/${plan.length})`;
    progressOfStep.set(key, progress);
  }
  return progress;
}
