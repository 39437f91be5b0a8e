import type { TenantView } from '../read-model/ports';

/** A tenant as REST shows it: the GraphQL field names, never the encrypted database secret. */
export const tenantResource = (tenant: TenantView) => ({
  id: tenant.id,
  name: tenant.name,
  isActive: tenant.isActive,
  status: tenant.status,
  provisioningError: tenant.provisioningError,
  lastProvisioningAttempt: tenant.lastProvisioningAttempt,
  adminEmail: tenant.adminEmail,
  database: { mode: tenant.database.mode, name: tenant.database.name, host: tenant.database.host },
  createdAt: tenant.createdAt,
  updatedAt: tenant.updatedAt,
  version: tenant.version,
  currentOperationId: tenant.currentOperationId,
});

export const tenantLocation = (tenantId: string): string => `/api/tenants/${encodeURIComponent(tenantId)}`;
