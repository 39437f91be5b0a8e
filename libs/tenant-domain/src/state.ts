import type { OperationStatus } from './lifecycle';
import type { TenantChanges, TenantProfile } from './profile';
import {
  OperationKind,
  PlannedStep,
  Priority,
  ProvisioningStatus,
  ProvisioningStep,
  TenantDatabase,
  planOf,
} from './vocabulary';

/** The job the tenant is going through, as far as the decider needs to know it. */
export interface OperationState {
  operationId: string;
  kind: OperationKind;
  /** Where the job stands, as the read model shows it (lifecycle.ts's TRANSITIONS). */
  status: OperationStatus;
  requestedBy: string;
  attempt: number;
  /** The attempt a worker has started; null while queued. */
  startedAttempt: number | null;
  /** Steps completed in the current attempt, in order; a resumed job skips them. */
  completedSteps: ProvisioningStep[];
  changes?: TenantChanges;
}

export interface AbsentTenant {
  status: 'ABSENT';
}

/** A tenant that was requested: its profile (profile.ts) and where it stands. */
export type ExistingTenant = TenantProfile & {
  status: ProvisioningStatus;
  tenantId: string;
  isActive: boolean;
  adminEmail: string;
  adminPasswordHash: string;
  database: TenantDatabase;
  priority: Priority;
  createdAt: string;
  updatedAt: string;
  provisioningError: string | null;
  lastProvisioningAttempt: string | null;
  /** The running or last operation; null before any. */
  operation: OperationState | null;
  /** The application's steps of this tenant's creation, fixed when it was requested. */
  customSteps: string[];
  /** Those of them completed and not undone since, in the order they ran. */
  completedCustomSteps: string[];
  /** Where a failed update or deletion returns to. */
  statusBeforeOperation: ProvisioningStatus | null;
  /** Revision of the tenant stream this state was built from (-1: none). */
  version: number;
};

export type TenantState = AbsentTenant | ExistingTenant;

export const initialState = (): TenantState => ({ status: 'ABSENT' });

export const exists = (state: TenantState): state is ExistingTenant => state.status !== 'ABSENT';

/** Step the job would run next, or undefined when all are done. */
export const nextStep = (steps: readonly ProvisioningStep[], operation: OperationState): ProvisioningStep | undefined =>
  steps.find((step) => !operation.completedSteps.includes(step));

/** The steps of the tenant's current job still to run, in order (creation: built-in ones, then the application's). */
export function remainingSteps(tenant: ExistingTenant): PlannedStep[] {
  const operation = tenant.operation;
  if (!operation) return [];
  return planOf(operation.kind, tenant.customSteps).filter(({ step, name }) =>
    step === 'CUSTOM' ? !tenant.completedCustomSteps.includes(name) : !operation.completedSteps.includes(step),
  );
}

/**
 * The application's steps a cancellation or deletion undoes, last first: every completed
 * one and, while the creation is still the tenant's operation, the one after them when it
 * may have been asked (all built-in steps done): a cancellation can overtake its answer.
 * `undo` is idempotent by contract, so undoing a step that never ran is harmless.
 */
export function customStepsToUndo(tenant: ExistingTenant): string[] {
  const steps = [...tenant.completedCustomSteps];
  const next = tenant.operation?.kind === 'CREATE' ? remainingSteps(tenant)[0] : undefined;
  if (next?.step === 'CUSTOM') steps.push(next.name);
  return steps.reverse();
}
