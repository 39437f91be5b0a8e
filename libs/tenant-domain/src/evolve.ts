import { EventOf, TenantEvent } from './events';
import { impliedEvents } from './implied-events';
import { lifecycleAfter, OpeningEventType, operationStatusAfter, requestedLifecycle, TRANSITIONS } from './lifecycle';
import { ExistingTenant, OperationState, TenantState, exists } from './state';
import { profileOf } from './profile';
import { OperationKind } from './vocabulary';

/** Folds one event into the state. Pure; unknown transitions were refused by `decide` before. */
export function evolve(state: TenantState, event: TenantEvent): TenantState {
  const at = event.data.occurredAt;
  if (event.type === 'TenantRequested') {
    const d = event.data;
    return {
      ...requestedLifecycle(),
      tenantId: d.tenantId,
      ...profileOf(d),
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
        status: TRANSITIONS.TenantRequested.operation,
        requestedBy: d.requestedBy,
        attempt: 1,
        startedAttempt: null,
        completedSteps: [],
      },
      customSteps: d.customSteps ?? [],
      completedCustomSteps: [],
      version: 0,
    };
  }
  if (!exists(state)) return state;
  // What the outcome stands for is folded first, as the events it replaces would have been.
  const before = impliedEvents(event).reduce((s, implied) => folded(s, implied.event), state);
  return { ...folded(before, event), updatedAt: at, version: state.version + 1 };
}

/** One event about an existing tenant: its status moves as lifecycle.ts's table says; the cases add what it carries. */
function folded(state: ExistingTenant, event: Exclude<TenantEvent, { type: 'TenantRequested' }>): ExistingTenant {
  const next = { ...state, ...lifecycleAfter(state, event) };
  switch (event.type) {
    case 'TenantUpdateRequested':
      return { ...next, operation: { ...openedJob(event, 'UPDATE'), changes: event.data.changes } };
    case 'TenantDeletionRequested':
      return { ...next, operation: openedJob(event, 'DELETE') };
    default: {
      const job = next.operation && {
        ...next.operation,
        status: operationStatusAfter(next.operation.status, event.type),
      };
      return progress({ ...next, operation: job }, event);
    }
  }
}

/** The job an update or deletion request opens, queued. */
const openedJob = (
  event: EventOf<'TenantUpdateRequested' | 'TenantDeletionRequested'>,
  kind: OperationKind,
): OperationState => ({
  operationId: event.data.operationId,
  kind,
  status: TRANSITIONS[event.type].operation,
  requestedBy: event.data.requestedBy,
  attempt: 1,
  startedAttempt: null,
  completedSteps: [],
});

/** What an event about the tenant's current job carries besides the statuses. */
function progress(s: ExistingTenant, event: Exclude<TenantEvent, { type: OpeningEventType }>): ExistingTenant {
  const op = s.operation;
  switch (event.type) {
    case 'TenantProvisioningStarted':
      return {
        ...s,
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
      return { ...s, provisioningError: null };
    case 'TenantProvisioningFailed':
      return { ...s, provisioningError: event.data.error };
    case 'TenantRetryRequested':
      return {
        ...s,
        provisioningError: null,
        operation: op && {
          ...op,
          attempt: event.data.attempt,
          startedAttempt: null,
          requestedBy: event.data.requestedBy,
        },
      };
    case 'TenantUpdated':
      return { ...s, ...profileOf(event.data), isActive: event.data.isActive };
    case 'TenantUpdateFailed':
      return s;
    case 'TenantCancellationRequested':
      // Whoever cancels is told how the cancellation ends.
      return { ...s, operation: op && { ...op, requestedBy: event.data.requestedBy } };
    case 'TenantCancelled':
      // Cancelling undid the application's steps.
      return { ...s, completedCustomSteps: [] };
    case 'TenantDeleted':
      return { ...s, isActive: false, completedCustomSteps: [] };
    case 'TenantDeletionFailed':
      return { ...s, provisioningError: event.data.error };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

export const replay = (events: readonly TenantEvent[], from: TenantState = { status: 'ABSENT' }): TenantState =>
  events.reduce(evolve, from);
