/** Tenant event builders for read-model specs: fixed clock, fixed ids, overridable. */
import type { EventOf, TenantEvent, TenantEventType } from '@tenantry/tenant-domain';

export const T0 = '2025-03-01T10:00:00.000Z';
export const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
/** Requesters as tenant-command records them: principal keys (`<tenantId>/<userId>`). */
export const ALICE = 'root/user-alice';
export const BOB = 'root/user-bob';
/** Operation ids, unique per tenant: `op-create-acme`. */
export const opId = (kind: 'create' | 'update' | 'delete', tenantId: string) => `op-${kind}-${tenantId}`;
export const CREATE_OP = opId('create', 'acme');
export const UPDATE_OP = opId('update', 'acme');
export const DELETE_OP = opId('delete', 'acme');

type Data<T extends TenantEventType> = EventOf<T>['data'];
type Envelope = Pick<Data<'TenantRequested'>, 'tenantId' | 'operationId' | 'requestedBy' | 'occurredAt'>;

const envelope = (tenantId: string, overrides: Partial<Envelope> = {}): Envelope => ({
  tenantId,
  operationId: opId('create', tenantId),
  requestedBy: ALICE,
  occurredAt: T0,
  ...overrides,
});

const make = <T extends TenantEventType>(type: T, data: Data<T>): EventOf<T> => ({ type, data }) as EventOf<T>;

export const tenantRequested = (tenantId: string, o: Partial<Data<'TenantRequested'>> = {}) =>
  make('TenantRequested', {
    ...envelope(tenantId),
    name: `Tenant ${tenantId}`,
    adminEmail: `admin@${tenantId}.test`,
    adminPasswordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    database: { mode: 'SHARED', name: `tenant_${tenantId.replace(/-/g, '_')}`, host: null },
    priority: 'NORMAL',
    ...o,
  });
export const provisioningStarted = (tenantId: string, o: Partial<Data<'TenantProvisioningStarted'>> = {}) =>
  make('TenantProvisioningStarted', { ...envelope(tenantId, { occurredAt: at(1) }), kind: 'CREATE', attempt: 1, ...o });
export const stepCompleted = (
  tenantId: string,
  step: Data<'TenantProvisioningStepCompleted'>['step'],
  o: Partial<Data<'TenantProvisioningStepCompleted'>> = {},
) =>
  make('TenantProvisioningStepCompleted', {
    ...envelope(tenantId, { occurredAt: at(3) }),
    step,
    attempt: 1,
    startedAt: at(2),
    ...o,
  });
export const provisioned = (tenantId: string, o: Partial<Data<'TenantProvisioned'>> = {}) =>
  make('TenantProvisioned', { ...envelope(tenantId, { occurredAt: at(5) }), attempt: 1, ...o });
export const provisioningFailed = (tenantId: string, o: Partial<Data<'TenantProvisioningFailed'>> = {}) =>
  make('TenantProvisioningFailed', {
    ...envelope(tenantId, { occurredAt: at(5) }),
    attempt: 1,
    error: 'disk full',
    ...o,
  });
export const retryRequested = (tenantId: string, o: Partial<Data<'TenantRetryRequested'>> = {}) =>
  make('TenantRetryRequested', { ...envelope(tenantId, { occurredAt: at(6) }), attempt: 2, ...o });
export const updateRequested = (tenantId: string, o: Partial<Data<'TenantUpdateRequested'>> = {}) =>
  make('TenantUpdateRequested', {
    ...envelope(tenantId, { operationId: opId('update', tenantId), occurredAt: at(10) }),
    changes: { name: 'Renamed' },
    ...o,
  });
export const updated = (tenantId: string, o: Partial<Data<'TenantUpdated'>> = {}) =>
  make('TenantUpdated', {
    ...envelope(tenantId, { operationId: opId('update', tenantId), occurredAt: at(11) }),
    name: 'Renamed',
    isActive: true,
    ...o,
  });
export const updateFailed = (tenantId: string, o: Partial<Data<'TenantUpdateFailed'>> = {}) =>
  make('TenantUpdateFailed', {
    ...envelope(tenantId, { operationId: opId('update', tenantId), occurredAt: at(11) }),
    error: 'locked',
    ...o,
  });
export const cancellationRequested = (tenantId: string, o: Partial<Data<'TenantCancellationRequested'>> = {}) =>
  make('TenantCancellationRequested', { ...envelope(tenantId, { occurredAt: at(2) }), ...o });
export const cancelled = (tenantId: string, o: Partial<Data<'TenantCancelled'>> = {}) =>
  make('TenantCancelled', { ...envelope(tenantId, { occurredAt: at(3) }), ...o });
export const deletionRequested = (tenantId: string, o: Partial<Data<'TenantDeletionRequested'>> = {}) =>
  make('TenantDeletionRequested', {
    ...envelope(tenantId, { operationId: opId('delete', tenantId), occurredAt: at(20) }),
    ...o,
  });
export const deleted = (tenantId: string, o: Partial<Data<'TenantDeleted'>> = {}) =>
  make('TenantDeleted', { ...envelope(tenantId, { operationId: opId('delete', tenantId), occurredAt: at(21) }), ...o });
export const deletionFailed = (tenantId: string, o: Partial<Data<'TenantDeletionFailed'>> = {}) =>
  make('TenantDeletionFailed', {
    ...envelope(tenantId, { operationId: opId('delete', tenantId), occurredAt: at(21) }),
    error: 'in use',
    ...o,
  });

/** A created and provisioned tenant: requested, started, four steps, provisioned. */
export const provisionedHistory = (tenantId: string): TenantEvent[] => [
  tenantRequested(tenantId),
  provisioningStarted(tenantId),
  stepCompleted(tenantId, 'CREATING_DATABASE'),
  stepCompleted(tenantId, 'RUNNING_MIGRATIONS'),
  stepCompleted(tenantId, 'CREATING_ADMIN'),
  stepCompleted(tenantId, 'ASSIGNING_ROLES'),
  provisioned(tenantId),
];
