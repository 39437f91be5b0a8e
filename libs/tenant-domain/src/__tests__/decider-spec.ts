/**
 * Given/when/then for the tenant decider, in the shape of Emmett's DeciderSpecification,
 * plus fixture builders with a fixed clock and fixed ids. Test-only: not exported from index.ts.
 */
import {
  CancelTenantOperation,
  CommandMetadata,
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
} from '../commands';
import { decideAll } from '../decide-all';
import { tenantDecider } from '../decider';
import { DomainError } from '../errors';
import { EventOf, TenantEvent, TenantEventType } from '../events';
import { ExistingTenant, TenantState } from '../state';
import { ROOT_TENANT_ID } from '../lifecycle';
import { OperationKind, ProvisioningStep } from '../vocabulary';

// ---- the world, fixed -------------------------------------------------------------------------

export const NOW = '2025-03-01T10:00:00.000Z';
export const LATER = '2025-03-01T10:05:00.000Z';
export const ADMIN = 'user-admin';
export const WORKER = 'provisioner';
export const CREATE_OP = 'op-create';
export const UPDATE_OP = 'op-update';
export const DELETE_OP = 'op-delete';
export const UNUSED_OP = 'op-unused';
export const PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';

export const metadata = (overrides: Partial<CommandMetadata> = {}): CommandMetadata => ({
  requestedBy: ADMIN,
  now: NOW,
  newOperationId: UNUSED_OP,
  ...overrides,
});
const workerMetadata = (overrides: Partial<CommandMetadata> = {}) => metadata({ requestedBy: WORKER, ...overrides });

// ---- events -----------------------------------------------------------------------------------

type Data<T extends TenantEventType> = EventOf<T>['data'];
type Overrides<T extends TenantEventType> = Partial<Omit<Data<T>, 'tenantId'>>;

const envelope = (tenantId: string, operationId: string) => ({
  tenantId,
  operationId,
  requestedBy: ADMIN,
  occurredAt: NOW,
});
const eventOf = <T extends TenantEventType>(type: T, data: Data<T>) => ({ type, data }) as EventOf<T>;

const requestData = (tenantId: string) => ({
  name: `Tenant ${tenantId}`,
  adminEmail: `admin@${tenantId}.test`,
  adminPasswordHash: PASSWORD_HASH,
  database: { mode: 'SHARED' as const, name: `tenant_${tenantId.replace(/-/g, '_')}`, host: null },
  priority: 'NORMAL' as const,
});

export const tenantRequested = (tenantId: string, o: Overrides<'TenantRequested'> = {}) =>
  eventOf('TenantRequested', { ...envelope(tenantId, CREATE_OP), ...requestData(tenantId), ...o, tenantId });
export const provisioningStarted = (tenantId: string, o: Overrides<'TenantProvisioningStarted'> = {}) =>
  eventOf('TenantProvisioningStarted', {
    ...envelope(tenantId, CREATE_OP),
    kind: 'CREATE',
    attempt: 1,
    ...o,
    tenantId,
  });
export const stepCompleted = (
  tenantId: string,
  step: ProvisioningStep,
  o: Overrides<'TenantProvisioningStepCompleted'> = {},
) =>
  eventOf('TenantProvisioningStepCompleted', {
    ...envelope(tenantId, CREATE_OP),
    step,
    attempt: 1,
    startedAt: NOW,
    ...o,
    tenantId,
  });
export const provisioned = (tenantId: string, o: Overrides<'TenantProvisioned'> = {}) =>
  eventOf('TenantProvisioned', { ...envelope(tenantId, CREATE_OP), attempt: 1, ...o, tenantId });
export const provisioningFailed = (tenantId: string, o: Overrides<'TenantProvisioningFailed'> = {}) =>
  eventOf('TenantProvisioningFailed', {
    ...envelope(tenantId, CREATE_OP),
    attempt: 1,
    error: 'database unreachable',
    ...o,
    tenantId,
  });
export const retryRequested = (tenantId: string, o: Overrides<'TenantRetryRequested'> = {}) =>
  eventOf('TenantRetryRequested', { ...envelope(tenantId, CREATE_OP), attempt: 2, ...o, tenantId });
export const updateRequested = (tenantId: string, o: Overrides<'TenantUpdateRequested'> = {}) =>
  eventOf('TenantUpdateRequested', { ...envelope(tenantId, UPDATE_OP), changes: { name: 'Renamed' }, ...o, tenantId });
export const updated = (tenantId: string, o: Overrides<'TenantUpdated'> = {}) =>
  eventOf('TenantUpdated', { ...envelope(tenantId, UPDATE_OP), name: 'Renamed', isActive: true, ...o, tenantId });
export const updateFailed = (tenantId: string, o: Overrides<'TenantUpdateFailed'> = {}) =>
  eventOf('TenantUpdateFailed', { ...envelope(tenantId, UPDATE_OP), error: 'update failed', ...o, tenantId });
export const cancellationRequested = (tenantId: string, o: Overrides<'TenantCancellationRequested'> = {}) =>
  eventOf('TenantCancellationRequested', { ...envelope(tenantId, CREATE_OP), ...o, tenantId });
export const cancelled = (tenantId: string, o: Overrides<'TenantCancelled'> = {}) =>
  eventOf('TenantCancelled', { ...envelope(tenantId, CREATE_OP), ...o, tenantId });
export const deletionRequested = (tenantId: string, o: Overrides<'TenantDeletionRequested'> = {}) =>
  eventOf('TenantDeletionRequested', { ...envelope(tenantId, DELETE_OP), ...o, tenantId });
export const deleted = (tenantId: string, o: Overrides<'TenantDeleted'> = {}) =>
  eventOf('TenantDeleted', { ...envelope(tenantId, DELETE_OP), ...o, tenantId });
export const deletionFailed = (tenantId: string, o: Overrides<'TenantDeletionFailed'> = {}) =>
  eventOf('TenantDeletionFailed', { ...envelope(tenantId, DELETE_OP), error: 'drop failed', ...o, tenantId });

// ---- commands ---------------------------------------------------------------------------------

type Meta = Partial<CommandMetadata>;

export const createTenant = (
  tenantId: string,
  o: Partial<Omit<CreateTenant['data'], 'tenantId'>> = {},
  meta: Meta = {},
): CreateTenant => ({
  type: 'CreateTenant',
  data: { ...requestData(tenantId), ...o, tenantId },
  metadata: metadata({ newOperationId: CREATE_OP, ...meta }),
});
export const seedRootTenant = (o: Partial<SeedRootTenant['data']> = {}, meta: Meta = {}): SeedRootTenant => ({
  type: 'SeedRootTenant',
  data: { ...requestData(ROOT_TENANT_ID), ...o, tenantId: ROOT_TENANT_ID },
  metadata: metadata({ requestedBy: 'system', newOperationId: CREATE_OP, ...meta }),
});
export const updateTenant = (
  tenantId: string,
  changes: UpdateTenant['data']['changes'] = { name: 'Renamed' },
  meta: Meta = {},
): UpdateTenant => ({
  type: 'UpdateTenant',
  data: { tenantId, changes },
  metadata: metadata({ newOperationId: UPDATE_OP, ...meta }),
});
export const retryTenantProvisioning = (tenantId: string, meta: Meta = {}): RetryTenantProvisioning => ({
  type: 'RetryTenantProvisioning',
  data: { tenantId },
  metadata: metadata(meta),
});
export const cancelTenantOperation = (tenantId: string, meta: Meta = {}): CancelTenantOperation => ({
  type: 'CancelTenantOperation',
  data: { tenantId },
  metadata: metadata(meta),
});
export const deleteTenant = (tenantId: string, meta: Meta = {}): DeleteTenant => ({
  type: 'DeleteTenant',
  data: { tenantId },
  metadata: metadata({ newOperationId: DELETE_OP, ...meta }),
});

export const startOperation = (
  tenantId: string,
  o: Partial<Omit<StartOperation['data'], 'tenantId'>> = {},
  meta: Meta = {},
): StartOperation => ({
  type: 'StartOperation',
  data: { operationId: CREATE_OP, attempt: 1, ...o, tenantId },
  metadata: workerMetadata(meta),
});
export const completeStep = (
  tenantId: string,
  step: ProvisioningStep,
  o: Partial<Omit<CompleteStep['data'], 'tenantId' | 'step'>> = {},
  meta: Meta = {},
): CompleteStep => ({
  type: 'CompleteStep',
  data: { operationId: CREATE_OP, startedAt: NOW, ...o, step, tenantId },
  metadata: workerMetadata(meta),
});
export const completeOperation = (
  tenantId: string,
  o: Partial<Omit<CompleteOperation['data'], 'tenantId'>> = {},
  meta: Meta = {},
): CompleteOperation => ({
  type: 'CompleteOperation',
  data: { operationId: CREATE_OP, ...o, tenantId },
  metadata: workerMetadata(meta),
});
export const failOperation = (
  tenantId: string,
  error: string,
  o: Partial<Omit<FailOperation['data'], 'tenantId' | 'error'>> = {},
  meta: Meta = {},
): FailOperation => ({
  type: 'FailOperation',
  data: { operationId: CREATE_OP, ...o, error, tenantId },
  metadata: workerMetadata(meta),
});
export const confirmCancellation = (
  tenantId: string,
  o: Partial<Omit<ConfirmCancellation['data'], 'tenantId'>> = {},
  meta: Meta = {},
): ConfirmCancellation => ({
  type: 'ConfirmCancellation',
  data: { operationId: CREATE_OP, ...o, tenantId },
  metadata: workerMetadata(meta),
});

// ---- histories that reach each status ---------------------------------------------------------

/** The id of the operation a tenant in that status is going through (or last went through). */
export const OPERATION_OF: Record<keyof typeof histories, { operationId: string; kind: OperationKind }> = {
  PENDING: { operationId: CREATE_OP, kind: 'CREATE' },
  PROVISIONING: { operationId: CREATE_OP, kind: 'CREATE' },
  ACTIVE: { operationId: CREATE_OP, kind: 'CREATE' },
  FAILED: { operationId: CREATE_OP, kind: 'CREATE' },
  UPDATING: { operationId: UPDATE_OP, kind: 'UPDATE' },
  CANCELLING: { operationId: CREATE_OP, kind: 'CREATE' },
  CANCELLED: { operationId: CREATE_OP, kind: 'CREATE' },
  DELETING: { operationId: DELETE_OP, kind: 'DELETE' },
  DELETED: { operationId: DELETE_OP, kind: 'DELETE' },
};

export const histories = {
  PENDING: (id: string): TenantEvent[] => [tenantRequested(id)],
  PROVISIONING: (id: string): TenantEvent[] => [tenantRequested(id), provisioningStarted(id)],
  ACTIVE: (id: string): TenantEvent[] => [tenantRequested(id), provisioningStarted(id), provisioned(id)],
  FAILED: (id: string): TenantEvent[] => [tenantRequested(id), provisioningStarted(id), provisioningFailed(id)],
  UPDATING: (id: string): TenantEvent[] => [...histories.ACTIVE(id), updateRequested(id)],
  CANCELLING: (id: string): TenantEvent[] => [tenantRequested(id), provisioningStarted(id), cancellationRequested(id)],
  CANCELLED: (id: string): TenantEvent[] => [...histories.CANCELLING(id), cancelled(id)],
  DELETING: (id: string): TenantEvent[] => [...histories.ACTIVE(id), deletionRequested(id)],
  DELETED: (id: string): TenantEvent[] => [
    ...histories.DELETING(id),
    provisioningStarted(id, { operationId: DELETE_OP, kind: 'DELETE' }),
    deleted(id),
  ],
} satisfies Record<string, (id: string) => TenantEvent[]>;
export type ReachableStatus = keyof typeof histories;
export const ALL_STATUSES = Object.keys(histories) as ReachableStatus[];
export const statusesExcept = (...allowed: ReachableStatus[]): ReachableStatus[] =>
  ALL_STATUSES.filter((s) => !allowed.includes(s));

// ---- given / when / then ----------------------------------------------------------------------

type ErrorClass = abstract new (...args: never[]) => DomainError;

export const stateAfter = (events: readonly TenantEvent[]): TenantState =>
  events.reduce(tenantDecider.evolve, tenantDecider.initialState());

/** The state after `events`, which must have created the tenant. */
export function existingAfter(events: readonly TenantEvent[]): ExistingTenant {
  const state = stateAfter(events);
  if (state.status === 'ABSENT') throw new Error('expected the tenant to exist after the given events');
  return state;
}

export function given(events: readonly TenantEvent[]) {
  return {
    /** One command, or several decided in order and appended together (`decideAll`). */
    when(command: TenantCommand | readonly TenantCommand[]) {
      const decided = () =>
        Array.isArray(command)
          ? decideAll(command, stateAfter(events))
          : tenantDecider.decide(command as TenantCommand, stateAfter(events));
      return {
        then(expected: TenantEvent[]): void {
          const produced = decided();
          expect(produced).toEqual(expected);
          // Whatever decide emits must also be a valid stored event and evolve without complaint.
          for (const event of produced) expect(() => TenantEvent.parse(event)).not.toThrow();
          stateAfter([...events, ...produced]);
        },
        thenNothing(): void {
          expect(decided()).toEqual([]);
        },
        thenThrows(errorClass: ErrorClass, messageOrCode?: string): void {
          let thrown: unknown;
          try {
            decided();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorClass);
          if (messageOrCode !== undefined) {
            const { code, message } = thrown as DomainError;
            expect([code, message]).toContain(messageOrCode);
          }
        },
      };
    },
  };
}
