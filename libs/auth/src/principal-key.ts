import type { Principal } from './roles';

/**
 * The one name of a user across tenants: `<tenantId>/<userId>`. A user id alone comes
 * from its tenant's own database, which an EXTERNAL tenant's owner controls, so it can
 * copy anyone's; the pair cannot be forged. Everything that stores or matches an
 * identity (notification recipients, `requestedBy`, presence, preferences, the email
 * directory, a token's `sub`) uses this key. Tenant ids are slugs (no `/`), so the
 * first `/` splits a key.
 */
export type PrincipalKey = string;

const SEPARATOR = '/';

export const principalKey = (tenantId: string, userId: string): PrincipalKey => `${tenantId}${SEPARATOR}${userId}`;

export const principalKeyOf = (principal: Pick<Principal, 'tenantId' | 'userId'>): PrincipalKey =>
  principalKey(principal.tenantId, principal.userId);

/** The user id of `key` when it is a key of `tenantId`, else undefined. */
export function userIdIn(key: string, tenantId: string): string | undefined {
  const prefix = `${tenantId}${SEPARATOR}`;
  return key.startsWith(prefix) && key.length > prefix.length ? key.slice(prefix.length) : undefined;
}

/**
 * Whom a recorded `requestedBy` names. Events stored before keys carry a bare user id;
 * only root administrators could command then, so a bare id is a root user's.
 */
export const requesterKey = (requestedBy: string, rootTenantId = 'root'): PrincipalKey =>
  requestedBy.includes(SEPARATOR) ? requestedBy : principalKey(rootTenantId, requestedBy);
