import { z } from 'zod';

/** The tenant that holds the platform administrators; it exists from the first start. */
export const ROOT_TENANT_ID = 'root';

export const ProvisioningStatus = z.enum([
  'PENDING', 'PROVISIONING', 'ACTIVE', 'FAILED', 'UPDATING',
  'CANCELLING', 'CANCELLED', 'DELETING', 'DELETED',
]);
export type ProvisioningStatus = z.infer<typeof ProvisioningStatus>;

export const DatabaseMode = z.enum(['SHARED', 'ISOLATED', 'EXTERNAL']);
export type DatabaseMode = z.infer<typeof DatabaseMode>;

export const Priority = z.enum(['LOW', 'NORMAL', 'HIGH']);
export type Priority = z.infer<typeof Priority>;

export const OperationKind = z.enum(['CREATE', 'UPDATE', 'DELETE']);
export type OperationKind = z.infer<typeof OperationKind>;

export const ProvisioningStep = z.enum([
  'CREATING_DATABASE', 'RUNNING_MIGRATIONS', 'CREATING_ADMIN', 'ASSIGNING_ROLES',
  'APPLYING_UPDATE', 'DROPPING_DATABASE',
]);
export type ProvisioningStep = z.infer<typeof ProvisioningStep>;

/** The steps of each kind of job, in the order the provisioner runs them. */
export const STEPS_OF: Record<OperationKind, readonly ProvisioningStep[]> = {
  CREATE: ['CREATING_DATABASE', 'RUNNING_MIGRATIONS', 'CREATING_ADMIN', 'ASSIGNING_ROLES'],
  UPDATE: ['APPLYING_UPDATE'],
  DELETE: ['DROPPING_DATABASE'],
};

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
