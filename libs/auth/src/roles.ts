/** Roles a user can hold in its tenant's `roles` table. */
export const ADMIN_ROLE = 'admin';

export interface Principal {
  userId: string;
  email: string;
  tenantId: string;
  roles: string[];
}

/** Platform administrators are the admins of the root tenant: only they manage tenants. */
export const isPlatformAdministrator = (p: Principal, rootTenantId = 'root'): boolean =>
  p.tenantId === rootTenantId && p.roles.includes(ADMIN_ROLE);
