import { TenantEvent } from './events';
import { ExistingTenant, TenantState, exists } from './state';

/** Folds one event into the state. Pure; unknown transitions were refused by `decide` before. */
export function evolve(state: TenantState, event: TenantEvent): TenantState {
  const at = event.data.occurredAt;
  if (event.type === 'TenantRequested') {
    const d = event.data;
    return {
      status: 'PENDING',
      tenantId: d.tenantId,
      name: d.name,
      isActive: true,
      adminEmail: d.adminEmail,
      adminPasswordHash: d.adminPasswordHash,
      database: d.database,
      priority: d.priority,
      createdAt: at,
      updatedAt: at,
      provisioningError: null,
      lastProvisioningAttempt: null,
      operation: {
        operationId: d.operationId,
        kind: 'CREATE',
        requestedBy: d.requestedBy,
        attempt: 1,
        startedAttempt: null,
        completedSteps: [],
      },
      customSteps: d.customSteps ?? [],
      completedCustomSteps: [],
      statusBeforeOperation: null,
      version: 0,
    };
  }
  if (!exists(state)) return state;
  const next = { ...state, updatedAt: at, version: state.version + 1 };
  return apply(next, event);
}

function apply(s: ExistingTenant, event: Exclude<TenantEvent, { type: 'TenantRequested' }>): ExistingTenant {
  const op = s.operation;
  switch (event.type) {
    case 'TenantProvisioningStarted':
      return {
        ...s,
        status: event.data.kind === 'CREATE' ? 'PROVISIONING' : s.status,
        lastProvisioningAttempt: event.data.kind === 'CREATE' ? event.data.occurredAt : s.lastProvisioningAttempt,
        // Completed steps carry over: a new attempt resumes after the last one that finished.
        operation: op && { ...op, attempt: event.data.attempt, startedAttempt: event.data.attempt },
      };
    case 'TenantProvisioningStepCompleted': {
      const { step, stepName } = event.data;
      if (step === 'CUSTOM' && stepName) {
        return s.completedCustomSteps.includes(stepName)
          ? s
          : { ...s, completedCustomSteps: [...s.completedCustomSteps, stepName] };
      }
      return { ...s, operation: op && { ...op, completedSteps: [...op.completedSteps, step] } };
    }
    case 'TenantProvisioned':
      return { ...s, status: 'ACTIVE', provisioningError: null };
    case 'TenantProvisioningFailed':
      return { ...s, status: 'FAILED', provisioningError: event.data.error };
    case 'TenantRetryRequested':
      return {
        ...s,
        status: 'PENDING',
        provisioningError: null,
        operation: op && {
          ...op,
          attempt: event.data.attempt,
          startedAttempt: null,
          requestedBy: event.data.requestedBy,
        },
      };
    case 'TenantUpdateRequested':
      return {
        ...s,
        status: 'UPDATING',
        statusBeforeOperation: s.status,
        operation: {
          operationId: event.data.operationId,
          kind: 'UPDATE',
          requestedBy: event.data.requestedBy,
          attempt: 1,
          startedAttempt: null,
          completedSteps: [],
          changes: event.data.changes,
        },
      };
    case 'TenantUpdated':
      return {
        ...s,
        status: 'ACTIVE',
        name: event.data.name,
        isActive: event.data.isActive,
        statusBeforeOperation: null,
      };
    case 'TenantUpdateFailed':
      return { ...s, status: s.statusBeforeOperation ?? 'ACTIVE', statusBeforeOperation: null };
    case 'TenantCancellationRequested':
      // Whoever cancels is told how the cancellation ends.
      return {
        ...s,
        status: 'CANCELLING',
        statusBeforeOperation: s.status,
        operation: op && { ...op, requestedBy: event.data.requestedBy },
      };
    case 'TenantCancelled':
      // Cancelling undid the application's steps.
      return { ...s, status: 'CANCELLED', statusBeforeOperation: null, completedCustomSteps: [] };
    case 'TenantDeletionRequested':
      return {
        ...s,
        status: 'DELETING',
        statusBeforeOperation: s.status,
        operation: {
          operationId: event.data.operationId,
          kind: 'DELETE',
          requestedBy: event.data.requestedBy,
          attempt: 1,
          startedAttempt: null,
          completedSteps: [],
        },
      };
    case 'TenantDeleted':
      return { ...s, status: 'DELETED', isActive: false, statusBeforeOperation: null, completedCustomSteps: [] };
    case 'TenantDeletionFailed':
      return {
        ...s,
        status: s.statusBeforeOperation ?? 'FAILED',
        provisioningError: event.data.error,
        statusBeforeOperation: null,
      };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

export const replay = (events: readonly TenantEvent[], from: TenantState = { status: 'ABSENT' }): TenantState =>
  events.reduce(evolve, from);
