import { z } from 'zod';
import { DatabaseMode, profileViewOf, ProvisioningStatus, TenantProfileView } from '@tenantry/tenant-domain';
import type { TenantView } from '@tenantry/read-model';

const instant = z.iso.datetime().meta({ description: 'An instant, ISO 8601 in UTC.' });

/** A tenant as REST shows it: the GraphQL field names, never the encrypted database secret. */
export const TenantResource = z.object({
  id: z.string(),
  // The tenant's profile (tenant-domain's TENANT_PROFILE): `name`, …
  ...TenantProfileView.shape,
  isActive: z.boolean(),
  status: ProvisioningStatus,
  provisioningError: z
    .string()
    .nullable()
    .meta({ description: 'Why the last operation failed, while the tenant is FAILED.' }),
  lastProvisioningAttempt: instant.nullable(),
  adminEmail: z.string(),
  database: z.object({ mode: DatabaseMode, name: z.string(), host: z.string().nullable() }),
  createdAt: instant,
  updatedAt: instant,
  version: z.number().int().meta({ description: "Revision of the tenant's event stream this view shows." }),
  currentOperationId: z.string().nullable().meta({ description: 'The running or most recent operation.' }),
});
export type TenantResource = z.infer<typeof TenantResource>;

export const tenantResource = (tenant: TenantView): TenantResource => ({
  id: tenant.id,
  ...profileViewOf(tenant),
  isActive: tenant.isActive,
  status: tenant.status,
  provisioningError: tenant.provisioningError,
  lastProvisioningAttempt: tenant.lastProvisioningAttempt?.toISOString() ?? null,
  adminEmail: tenant.adminEmail,
  database: { mode: tenant.database.mode, name: tenant.database.name, host: tenant.database.host },
  createdAt: tenant.createdAt.toISOString(),
  updatedAt: tenant.updatedAt.toISOString(),
  version: tenant.version,
  currentOperationId: tenant.currentOperationId,
});

export const tenantLocation = (tenantId: string): string => `/api/tenants/${encodeURIComponent(tenantId)}`;
