import { z } from 'zod';
import { STEPS_OF } from './lifecycle';

export const ProvisioningStatus = z.enum([
  'PENDING',
  'PROVISIONING',
  'ACTIVE',
  'FAILED',
  'UPDATING',
  'CANCELLING',
  'CANCELLED',
  'DELETING',
  'DELETED',
]);
export type ProvisioningStatus = z.infer<typeof ProvisioningStatus>;

export const DatabaseMode = z.enum(['SHARED', 'ISOLATED', 'EXTERNAL']);
export type DatabaseMode = z.infer<typeof DatabaseMode>;

export const Priority = z.enum(['LOW', 'NORMAL', 'HIGH']);
export type Priority = z.infer<typeof Priority>;

export const OperationKind = z.enum(['CREATE', 'UPDATE', 'DELETE']);
export type OperationKind = z.infer<typeof OperationKind>;

export const ProvisioningStep = z.enum([
  'CREATING_DATABASE',
  'RUNNING_MIGRATIONS',
  'CREATING_ADMIN',
  'ASSIGNING_ROLES',
  'APPLYING_UPDATE',
  'DROPPING_DATABASE',
  'CUSTOM',
]);
export type ProvisioningStep = z.infer<typeof ProvisioningStep>;

/** An application's own provisioning step (TENANT_STEPS), run by a step worker: also a NATS subject token. */
export const CUSTOM_STEP_NAME_PATTERN = /^[a-z0-9-]+$/;
export const CustomStepName = z
  .string()
  .regex(CUSTOM_STEP_NAME_PATTERN, 'a step name is lowercase letters, digits and hyphens');

/** A step of a job's plan: a built-in one (named in lowercase-hyphen form) or a CUSTOM one (named by the application). */
export interface PlannedStep {
  step: ProvisioningStep;
  name: string;
}

/** `CREATING_DATABASE` → `creating-database`; a CUSTOM step is named by the application. */
export const stepNameOf = (step: ProvisioningStep, customName?: string): string =>
  step === 'CUSTOM' && customName ? customName : step.toLowerCase().replace(/_/g, '-');

/** Every step of a job, in order: the built-in ones of its kind, then (creation only) the application's own. */
export function planOf(kind: OperationKind, customSteps: readonly string[] = []): PlannedStep[] {
  const builtIn = STEPS_OF[kind].map((step) => ({ step, name: stepNameOf(step) }));
  if (kind !== 'CREATE') return builtIn;
  return [...builtIn, ...customSteps.map((name) => ({ step: 'CUSTOM' as const, name }))];
}

/** An EXTERNAL connection string, AES-256-GCM encrypted by the command service. */
export const EncryptedSecret = z.object({ ciphertext: z.string().min(1) });
export type EncryptedSecret = z.infer<typeof EncryptedSecret>;

/** Where the tenant's data lives. `name` is a schema or database name, never credentials. */
export const TenantDatabase = z.object({
  mode: DatabaseMode,
  name: z.string().min(1),
  host: z.string().nullable(),
  connectionString: EncryptedSecret.optional(),
});
export type TenantDatabase = z.infer<typeof TenantDatabase>;

/** Tenant ids are slugs, safe as schema names (after `-` → `_`) and NATS subject tokens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_TENANT_ID_LENGTH = 50;

export const streamNameOf = (tenantId: string): string => `tenant-${tenantId}`;
export const tenantIdOfStream = (stream: string): string | undefined =>
  stream.startsWith('tenant-') ? stream.slice('tenant-'.length) : undefined;
