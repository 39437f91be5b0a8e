import { z } from 'zod';
import { CustomStepName, OperationKind, Priority, ProvisioningStep, TenantDatabase } from './vocabulary';
import { TenantChanges, TenantProfile } from './profile';

/** What every tenant event carries: whose operation it belongs to and when it happened. */
const envelope = {
  tenantId: z.string(),
  operationId: z.string(),
  /** The principal key `<tenantId>/<userId>` of who asked (a bare user id in events from before keys: a root user's). */
  requestedBy: z.string(),
  occurredAt: z.iso.datetime(),
};
const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), data: z.object({ ...envelope, ...shape }) });

export const TenantRequested = event('TenantRequested', {
  ...TenantProfile.shape,
  adminEmail: z.string(),
  /** argon2id; the password itself never reaches an event. */
  adminPasswordHash: z.string(),
  database: TenantDatabase,
  priority: Priority,
  /** The application's steps (TENANT_STEPS) when the tenant was requested; absent in older events and when none. */
  customSteps: z.array(CustomStepName).optional(),
});
export const TenantProvisioningStarted = event('TenantProvisioningStarted', {
  kind: OperationKind,
  attempt: z.number().int().positive(),
});
export const TenantProvisioningStepCompleted = event('TenantProvisioningStepCompleted', {
  step: ProvisioningStep,
  /** CUSTOM only: the application's name of the step. */
  stepName: CustomStepName.optional(),
  attempt: z.number().int().positive(),
  startedAt: z.iso.datetime(),
});
/** A built-in step recorded with its job's outcome instead of in an event of its own: when it ran. */
export const CarriedStep = z.object({
  step: ProvisioningStep.exclude(['CUSTOM']),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
});
export type CarriedStep = z.infer<typeof CarriedStep>;
/**
 * `steps`: the creation's built-in steps done since its last append, in order, recorded
 * here rather than as `TenantProvisioningStepCompleted` events (the domain and the read
 * model derive from them what those events would have); absent when there are none.
 */
export const TenantProvisioned = event('TenantProvisioned', {
  attempt: z.number().int().positive(),
  steps: z.array(CarriedStep).optional(),
});
export const TenantProvisioningFailed = event('TenantProvisioningFailed', {
  attempt: z.number().int().positive(),
  error: z.string(),
});
export const TenantRetryRequested = event('TenantRetryRequested', { attempt: z.number().int().positive() });
export const TenantUpdateRequested = event('TenantUpdateRequested', { changes: TenantChanges });
/** An update's job that started and applied its one step in one go: its attempt and when it started. */
export const RanInOneGo = z.object({ attempt: z.number().int().positive(), startedAt: z.iso.datetime() });
export type RanInOneGo = z.infer<typeof RanInOneGo>;
/**
 * The whole profile after the update, whatever changed. `ranInOneGo`: the job had no event
 * of its own for its start or its step (the domain and the read model derive them from
 * here); absent when they are events of their own.
 */
export const TenantUpdated = event('TenantUpdated', {
  ...TenantProfile.shape,
  isActive: z.boolean(),
  ranInOneGo: RanInOneGo.optional(),
});
export const TenantUpdateFailed = event('TenantUpdateFailed', { error: z.string() });
/** operationId is the operation being cancelled; requestedBy is who cancelled it. */
export const TenantCancellationRequested = event('TenantCancellationRequested', {});
export const TenantCancelled = event('TenantCancelled', {});
export const TenantDeletionRequested = event('TenantDeletionRequested', {});
export const TenantDeleted = event('TenantDeleted', {});
export const TenantDeletionFailed = event('TenantDeletionFailed', { error: z.string() });

export const TenantEvent = z.discriminatedUnion('type', [
  TenantRequested,
  TenantProvisioningStarted,
  TenantProvisioningStepCompleted,
  TenantProvisioned,
  TenantProvisioningFailed,
  TenantRetryRequested,
  TenantUpdateRequested,
  TenantUpdated,
  TenantUpdateFailed,
  TenantCancellationRequested,
  TenantCancelled,
  TenantDeletionRequested,
  TenantDeleted,
  TenantDeletionFailed,
]);
export type TenantEvent = z.infer<typeof TenantEvent>;
export type TenantEventType = TenantEvent['type'];
export type EventOf<T extends TenantEventType> = Extract<TenantEvent, { type: T }>;
export const TENANT_EVENT_TYPES = TenantEvent.options.map((o): TenantEventType => o.shape.type.value);

/** Decodes a stored event (type + data) into a typed TenantEvent; throws on an unknown or malformed one. */
export const toTenantEvent = (stored: { type: string; data: unknown }): TenantEvent =>
  TenantEvent.parse({ type: stored.type, data: stored.data });

/** Event data as users may see it (history, logs): hashes and encrypted secrets removed. */
export function publicEventData(event: TenantEvent): Record<string, unknown> {
  if (event.type !== 'TenantRequested') return event.data;
  const { adminPasswordHash: _hash, database, ...rest } = event.data;
  const { connectionString: _secret, ...publicDatabase } = database;
  return { ...rest, database: publicDatabase };
}
