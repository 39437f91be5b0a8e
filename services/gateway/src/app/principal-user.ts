import type { Principal } from '@tenantry/auth';

/** A user as the API shows it (GraphQL `User`). */
export interface UserView {
  id: string;
  email: string;
  tenantId: string;
  roles: string[];
}

export const userOf = (principal: Principal): UserView => ({
  id: principal.userId,
  email: principal.email,
  tenantId: principal.tenantId,
  roles: principal.roles,
});
