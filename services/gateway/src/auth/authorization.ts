import { isPlatformAdministrator, Principal } from '@tenantry/auth';
import { ROOT_TENANT_ID } from '@tenantry/tenant-domain';
import { Forbidden, Unauthenticated } from '../errors';
import type { AuthState } from './authenticator';

export const ONLY_ROOT_ADMINISTRATORS = 'Only root administrators can do this';

export function requirePrincipal(auth: AuthState): Principal {
  if (auth.principal) return auth.principal;
  throw auth.failure ?? new Unauthenticated();
}

export function requirePlatformAdministrator(auth: AuthState): Principal {
  const principal = requirePrincipal(auth);
  if (!isPlatformAdministrator(principal, ROOT_TENANT_ID)) throw new Forbidden(ONLY_ROOT_ADMINISTRATORS);
  return principal;
}

export const isRootAdministrator = (principal: Principal): boolean =>
  isPlatformAdministrator(principal, ROOT_TENANT_ID);

/** Root administrators see every tenant; anyone else only their own. */
export const maySeeTenant = (principal: Principal, tenantId: string): boolean =>
  isRootAdministrator(principal) || principal.tenantId === tenantId;
