import type { TenantView } from '@tenantry/read-model';

/**
 * Whether a tenant's users may log in and use their tokens: the tenant is provisioned
 * (an update in progress keeps it usable) and not deactivated. Deleting, deleted,
 * failed and inactive tenants admit nobody, and this is checked on every request.
 */
export const admitsUsers = (tenant: TenantView | null | undefined): tenant is TenantView =>
  !!tenant && tenant.isActive && (tenant.status === 'ACTIVE' || tenant.status === 'UPDATING');
