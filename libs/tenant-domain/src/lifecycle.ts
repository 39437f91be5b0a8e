/**
 * The tenant lifecycle, declared once: what each event does to the tenant's status and
 * to its job's, and what an administrator may ask of a tenant in each status. `evolve`
 * and `decide` here, the gateway's projection and the console all read these tables.
 *
 * Values only, no schema: the console bundles this file for the browser.
 */
import type { TenantEvent, TenantEventType } from './events';
import type { OperationKind, ProvisioningStatus, ProvisioningStep } from './vocabulary';

/** The tenant that holds the platform administrators; it exists from the first start and is never edited or deleted. */
export const ROOT_TENANT_ID = 'root';

/** The status of a job (an operation), as the read model and the console show it. */
export type OperationStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** The steps of each kind of job, in the order the provisioner runs them. */
export const STEPS_OF: Record<OperationKind, readonly ProvisioningStep[]> = {
  CREATE: ['CREATING_DATABASE', 'RUNNING_MIGRATIONS', 'CREATING_ADMIN', 'ASSIGNING_ROLES'],
  UPDATE: ['APPLYING_UPDATE'],
  DELETE: ['DROPPING_DATABASE'],
};

/** The tenant's status while its job of each kind waits for a worker, and while one runs it. */
export const QUEUED_STATUS = { CREATE: 'PENDING', UPDATE: 'UPDATING', DELETE: 'DELETING' } as const satisfies Record<
  OperationKind,
  ProvisioningStatus
>;
export const RUNNING_STATUS = {
  CREATE: 'PROVISIONING',
  UPDATE: 'UPDATING',
  DELETE: 'DELETING',
} as const satisfies Record<OperationKind, ProvisioningStatus>;

/** What an event does to the tenant's status. */
export type StatusChange =
  /** Progress within a job: the status stays. */
  | { type: 'stay' }
  /** A job starts running: the tenant takes its kind's running status (only a creation changes it). */
  | { type: 'run' }
  /** The tenant enters `status`; with `remember`, the status it leaves is kept for a failure to return to. */
  | { type: 'enter'; status: ProvisioningStatus; remember: boolean }
  /** The job failed: back to the status it started from (`fallback` for streams that never recorded it). */
  | { type: 'return'; fallback: ProvisioningStatus };

export interface Transition {
  tenant: StatusChange;
  /** The job's status after the event; `stay` when the event does not change it. */
  operation: OperationStatus | 'stay';
}

const enter = <S extends ProvisioningStatus>(status: S, remember = false) =>
  ({ type: 'enter', status, remember }) as const;
const stay = { type: 'stay' } as const;

/** Every event's transition. Which events may happen in which status is `decide`'s business (ALLOWED_ACTIONS). */
export const TRANSITIONS = {
  TenantRequested: { tenant: enter('PENDING'), operation: 'QUEUED' },
  TenantProvisioningStarted: { tenant: { type: 'run' }, operation: 'RUNNING' },
  TenantProvisioningStepCompleted: { tenant: stay, operation: 'stay' },
  TenantProvisioned: { tenant: enter('ACTIVE'), operation: 'SUCCEEDED' },
  TenantProvisioningFailed: { tenant: enter('FAILED'), operation: 'FAILED' },
  TenantRetryRequested: { tenant: enter('PENDING'), operation: 'QUEUED' },
  TenantUpdateRequested: { tenant: enter('UPDATING', true), operation: 'QUEUED' },
  TenantUpdated: { tenant: enter('ACTIVE'), operation: 'SUCCEEDED' },
  TenantUpdateFailed: { tenant: { type: 'return', fallback: 'ACTIVE' }, operation: 'FAILED' },
  // The job goes on until its worker confirms that it stopped.
  TenantCancellationRequested: { tenant: enter('CANCELLING', true), operation: 'stay' },
  TenantCancelled: { tenant: enter('CANCELLED'), operation: 'CANCELLED' },
  TenantDeletionRequested: { tenant: enter('DELETING', true), operation: 'QUEUED' },
  TenantDeleted: { tenant: enter('DELETED'), operation: 'SUCCEEDED' },
  TenantDeletionFailed: { tenant: { type: 'return', fallback: 'FAILED' }, operation: 'FAILED' },
} as const satisfies Record<TenantEventType, Transition>;

/** The part of a tenant the lifecycle moves: its status and where a failed job returns to. */
export interface TenantLifecycle {
  status: ProvisioningStatus;
  /** Where a failed update or deletion returns to; null outside such a job. */
  statusBeforeOperation: ProvisioningStatus | null;
}

/** A requested tenant's lifecycle. */
export const requestedLifecycle = (): TenantLifecycle => ({
  status: TRANSITIONS.TenantRequested.tenant.status,
  statusBeforeOperation: null,
});

/** The tenant's lifecycle after a later event. */
export function lifecycleAfter(
  current: TenantLifecycle,
  event: Exclude<TenantEvent, { type: 'TenantRequested' }>,
): TenantLifecycle {
  const change: StatusChange = TRANSITIONS[event.type].tenant;
  switch (change.type) {
    case 'stay':
      return { status: current.status, statusBeforeOperation: current.statusBeforeOperation };
    case 'run':
      return {
        status: event.type === 'TenantProvisioningStarted' ? RUNNING_STATUS[event.data.kind] : current.status,
        statusBeforeOperation: current.statusBeforeOperation,
      };
    case 'enter':
      return { status: change.status, statusBeforeOperation: change.remember ? current.status : null };
    case 'return':
      return { status: current.statusBeforeOperation ?? change.fallback, statusBeforeOperation: null };
    default: {
      const unhandled: never = change;
      return unhandled;
    }
  }
}

/** Events that open a job (queued by the event itself); every other event is about the job it names. */
export const OPENING_EVENT_TYPES = ['TenantRequested', 'TenantUpdateRequested', 'TenantDeletionRequested'] as const;
export type OpeningEventType = (typeof OPENING_EVENT_TYPES)[number];
export const opensOperation = (type: TenantEventType): type is OpeningEventType =>
  (OPENING_EVENT_TYPES as readonly TenantEventType[]).includes(type);

/** The status of a job after an event about it (an opening event's job is a new one, queued). */
export function operationStatusAfter(current: OperationStatus, eventType: TenantEventType): OperationStatus {
  const next: Transition['operation'] = TRANSITIONS[eventType].operation;
  return next === 'stay' ? current : next;
}

/** What an administrator may ask of a tenant (GraphQL's updateTenant is `update`; the console's "edit"). */
export type TenantAction = 'update' | 'retry' | 'cancel' | 'delete';
export const TENANT_ACTIONS: readonly TenantAction[] = ['update', 'retry', 'cancel', 'delete'];

/** The actions each status allows; every other one is an INVALID_STATE error. */
export const ALLOWED_ACTIONS: Record<ProvisioningStatus, readonly TenantAction[]> = {
  PENDING: ['cancel'],
  PROVISIONING: ['cancel'],
  ACTIVE: ['update', 'delete'],
  FAILED: ['retry', 'delete'],
  UPDATING: [],
  CANCELLING: [],
  CANCELLED: ['delete'],
  DELETING: [],
  DELETED: [],
};

/** What the tenant's state must also be for an allowed action: a retry repeats a failed creation, not a deletion. */
export interface ActionTarget {
  tenantId: string;
  status: ProvisioningStatus;
  /** The kind of the tenant's current (or last) job. */
  operationKind: OperationKind | null;
}

/** Whether `action` is allowed for the tenant; never for the root tenant, which nobody edits or deletes. */
export function isActionAllowed(target: ActionTarget, action: TenantAction): boolean {
  if (target.tenantId === ROOT_TENANT_ID) return false;
  if (!ALLOWED_ACTIONS[target.status].includes(action)) return false;
  return action !== 'retry' || target.operationKind === 'CREATE';
}

/**
 * Whether a tenant that admits its users once admits them for good: true of the root
 * tenant only. No action is allowed on it (above), so after its creation no job can
 * start for it and nothing can deactivate, fail or delete it. A gateway need not read
 * its admission again.
 */
export const admissionIsPermanent = (tenantId: string): boolean => tenantId === ROOT_TENANT_ID;

/** The actions allowed for the tenant, in TENANT_ACTIONS order. */
export const allowedActions = (target: ActionTarget): TenantAction[] =>
  TENANT_ACTIONS.filter((action) => isActionAllowed(target, action));
