import {
  CancelTenantOperation,
  CompleteOperation,
  CompleteStep,
  ConfirmCancellation,
  CreateTenant,
  DeleteTenant,
  FailOperation,
  RetryTenantProvisioning,
  SeedRootTenant,
  StartOperation,
  TenantCommand,
  UpdateTenant,
} from './commands';
import { InvalidState, RootTenantImmutable, TenantAlreadyExists, TenantNotFound, UnknownStep } from './errors';
import { CarriedStep, RanInOneGo, TenantEvent } from './events';
import { ExistingTenant, OperationState, TenantState, exists } from './state';
import { changedProfile } from './profile';
import { isActionAllowed, QUEUED_STATUS, ROOT_TENANT_ID, RUNNING_STATUS, STEPS_OF, TenantAction } from './lifecycle';

/**
 * Pure: what should happen when `command` meets `state`. Returns the new events
 * (`[]` when the command already took effect: workers may repeat themselves) or
 * throws a DomainError. Time and ids come in with the command.
 */
export function decide(command: TenantCommand, state: TenantState): TenantEvent[] {
  switch (command.type) {
    case 'CreateTenant':
      return createTenant(command, state);
    case 'SeedRootTenant':
      return seedRootTenant(command, state);
    case 'UpdateTenant':
      return updateTenant(command, state);
    case 'RetryTenantProvisioning':
      return retryTenantProvisioning(command, state);
    case 'CancelTenantOperation':
      return cancelTenantOperation(command, state);
    case 'DeleteTenant':
      return deleteTenant(command, state);
    case 'StartOperation':
      return startOperation(command, state);
    case 'CompleteStep':
      return completeStep(command, state);
    case 'CompleteOperation':
      return completeOperation(command, state);
    case 'FailOperation':
      return failOperation(command, state);
    case 'ConfirmCancellation':
      return confirmCancellation(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unhandled)}`);
    }
  }
}

const envelope = (command: TenantCommand, operationId: string) => ({
  tenantId: command.data.tenantId,
  operationId,
  requestedBy: command.metadata.requestedBy,
  occurredAt: command.metadata.now,
});

function createTenant(command: CreateTenant, state: TenantState): TenantEvent[] {
  if (command.data.tenantId === ROOT_TENANT_ID || exists(state)) throw new TenantAlreadyExists(command.data.tenantId);
  const { tenantId: _id, customSteps, ...request } = command.data;
  // Absent when there are none, so such events stay as they always were.
  const steps = customSteps && customSteps.length > 0 ? { customSteps: [...customSteps] } : {};
  return [
    { type: 'TenantRequested', data: { ...envelope(command, command.metadata.newOperationId), ...request, ...steps } },
  ];
}

function seedRootTenant(command: SeedRootTenant, state: TenantState): TenantEvent[] {
  if (exists(state)) return [];
  return [
    {
      type: 'TenantRequested',
      data: { ...envelope(command, command.metadata.newOperationId), ...command.data, tenantId: ROOT_TENANT_ID },
    },
  ];
}

/** The tenant an administrator acts on: not root, existing, and in a status that allows `action` (lifecycle.ts). */
function administrable(state: TenantState, tenantId: string, action: TenantAction): ExistingTenant {
  if (tenantId === ROOT_TENANT_ID) throw new RootTenantImmutable(action === 'delete' ? 'delete' : 'edit');
  if (!exists(state)) throw new TenantNotFound(tenantId);
  const target = { tenantId, status: state.status, operationKind: state.operation?.kind ?? null };
  if (!isActionAllowed(target, action)) throw new InvalidState(state.status, action);
  return state;
}

function updateTenant(command: UpdateTenant, state: TenantState): TenantEvent[] {
  administrable(state, command.data.tenantId, 'update');
  return [
    {
      type: 'TenantUpdateRequested',
      data: { ...envelope(command, command.metadata.newOperationId), changes: command.data.changes },
    },
  ];
}

function retryTenantProvisioning(command: RetryTenantProvisioning, state: TenantState): TenantEvent[] {
  // Allowed only after a failed creation: the operation is that CREATE.
  const operation = administrable(state, command.data.tenantId, 'retry').operation!;
  return [
    {
      type: 'TenantRetryRequested',
      data: { ...envelope(command, operation.operationId), attempt: operation.attempt + 1 },
    },
  ];
}

function cancelTenantOperation(command: CancelTenantOperation, state: TenantState): TenantEvent[] {
  const tenant = administrable(state, command.data.tenantId, 'cancel');
  return [{ type: 'TenantCancellationRequested', data: envelope(command, tenant.operation!.operationId) }];
}

function deleteTenant(command: DeleteTenant, state: TenantState): TenantEvent[] {
  administrable(state, command.data.tenantId, 'delete');
  return [{ type: 'TenantDeletionRequested', data: envelope(command, command.metadata.newOperationId) }];
}

/** The job a worker reports on, when it is still the tenant's current one. */
function currentJob(state: TenantState, tenantId: string, operationId: string, action: string) {
  if (!exists(state)) throw new TenantNotFound(tenantId);
  const operation = state.operation;
  if (!operation || operation.operationId !== operationId) throw new InvalidState(state.status, action);
  return {
    tenant: state,
    operation,
    running: state.status === RUNNING_STATUS[operation.kind] && operation.startedAttempt !== null,
  };
}

function startOperation(command: StartOperation, state: TenantState): TenantEvent[] {
  const { tenant, operation } = currentJob(state, command.data.tenantId, command.data.operationId, 'start');
  if (operation.startedAttempt === command.data.attempt) return [];
  const startable = tenant.status === QUEUED_STATUS[operation.kind] || tenant.status === RUNNING_STATUS[operation.kind];
  if (!startable || command.data.attempt < operation.attempt) throw new InvalidState(tenant.status, 'start');
  return [
    {
      type: 'TenantProvisioningStarted',
      data: {
        ...envelope(command, operation.operationId),
        requestedBy: operation.requestedBy,
        kind: operation.kind,
        attempt: command.data.attempt,
      },
    },
  ];
}

function completeStep(command: CompleteStep, state: TenantState): TenantEvent[] {
  const { tenant, operation, running } = currentJob(
    state,
    command.data.tenantId,
    command.data.operationId,
    'complete a step of',
  );
  const { step, stepName } = command.data;
  if (step === 'CUSTOM') {
    if (operation.kind !== 'CREATE' || !stepName || !tenant.customSteps.includes(stepName))
      throw new UnknownStep(stepName ?? '');
    if (tenant.completedCustomSteps.includes(stepName)) return [];
  } else if (operation.completedSteps.includes(step)) return [];
  if (!running) throw new InvalidState(tenant.status, 'complete a step of');
  return [
    {
      type: 'TenantProvisioningStepCompleted',
      data: {
        ...envelope(command, operation.operationId),
        requestedBy: operation.requestedBy,
        step,
        ...(step === 'CUSTOM' ? { stepName } : {}),
        attempt: operation.attempt,
        startedAt: command.data.startedAt,
      },
    },
  ];
}

function completeOperation(command: CompleteOperation, state: TenantState): TenantEvent[] {
  const { tenant, operation, running } = currentJob(state, command.data.tenantId, command.data.operationId, 'complete');
  const { ranInOneGo } = command.data;
  if (ranInOneGo) return completeUpdateInOneGo(command, tenant, operation, ranInOneGo);
  if (!running) {
    if (tenant.status === 'ACTIVE' || tenant.status === 'DELETED') return [];
    throw new InvalidState(tenant.status, 'complete');
  }
  const data = { ...envelope(command, operation.operationId), requestedBy: operation.requestedBy };
  const steps = carriedSteps(command.data.steps, operation);
  switch (operation.kind) {
    case 'CREATE':
      return [{ type: 'TenantProvisioned', data: { ...data, attempt: operation.attempt, ...steps } }];
    case 'UPDATE':
      return [
        {
          type: 'TenantUpdated',
          data: { ...data, ...changedProfile(tenant, operation.changes) },
        },
      ];
    case 'DELETE':
      return [{ type: 'TenantDeleted', data }];
  }
}

/**
 * The steps an outcome records (`{ steps }`, or `{}` when none is new): only a creation's
 * built-in steps of its plan, each once (one already on record is left out).
 */
function carriedSteps(steps: readonly CarriedStep[] | undefined, operation: OperationState): { steps?: CarriedStep[] } {
  if (!steps || steps.length === 0) return {};
  const plan: readonly string[] = STEPS_OF.CREATE;
  const unknown = steps.find(({ step }) => operation.kind !== 'CREATE' || !plan.includes(step));
  if (unknown) throw new UnknownStep(unknown.step);
  const fresh = steps.filter(({ step }) => !operation.completedSteps.includes(step));
  return fresh.length > 0 ? { steps: fresh.map((step) => ({ ...step })) } : {};
}

/**
 * An update whose job never recorded its start: only a queued update, never started and
 * with no step on record, of an attempt not before the operation's, ends this way.
 */
function completeUpdateInOneGo(
  command: CompleteOperation,
  tenant: ExistingTenant,
  operation: OperationState,
  ranInOneGo: RanInOneGo,
): TenantEvent[] {
  if (tenant.status === 'ACTIVE') return [];
  const queued =
    operation.kind === 'UPDATE' &&
    tenant.status === QUEUED_STATUS.UPDATE &&
    operation.startedAttempt === null &&
    operation.completedSteps.length === 0 &&
    ranInOneGo.attempt >= operation.attempt;
  if (!queued) throw new InvalidState(tenant.status, 'complete in one go');
  const data = { ...envelope(command, operation.operationId), requestedBy: operation.requestedBy };
  return [
    {
      type: 'TenantUpdated',
      data: { ...data, ...changedProfile(tenant, operation.changes), ranInOneGo: { ...ranInOneGo } },
    },
  ];
}

function failOperation(command: FailOperation, state: TenantState): TenantEvent[] {
  const { tenant, operation, running } = currentJob(state, command.data.tenantId, command.data.operationId, 'fail');
  if (!running) {
    // Already failed: FAILED, or back where a failed update or deletion left it (a deletion may start from CANCELLED).
    const failedAlready =
      tenant.status === 'FAILED' ||
      tenant.status === 'ACTIVE' ||
      (operation.kind === 'DELETE' && tenant.status === 'CANCELLED');
    if (failedAlready) return [];
    throw new InvalidState(tenant.status, 'fail');
  }
  const data = {
    ...envelope(command, operation.operationId),
    requestedBy: operation.requestedBy,
    error: command.data.error,
  };
  switch (operation.kind) {
    case 'CREATE':
      return [{ type: 'TenantProvisioningFailed', data: { ...data, attempt: operation.attempt } }];
    case 'UPDATE':
      return [{ type: 'TenantUpdateFailed', data }];
    case 'DELETE':
      return [{ type: 'TenantDeletionFailed', data }];
  }
}

function confirmCancellation(command: ConfirmCancellation, state: TenantState): TenantEvent[] {
  const { tenant, operation } = currentJob(
    state,
    command.data.tenantId,
    command.data.operationId,
    'confirm the cancellation of',
  );
  if (tenant.status === 'CANCELLED') return [];
  if (tenant.status !== 'CANCELLING') throw new InvalidState(tenant.status, 'confirm the cancellation of');
  return [
    {
      type: 'TenantCancelled',
      data: { ...envelope(command, operation.operationId), requestedBy: operation.requestedBy },
    },
  ];
}
