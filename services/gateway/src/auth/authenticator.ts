import { bearerToken, InvalidToken, Principal, TokenSecrets, VerifiedToken } from '@tenantry/auth';
import type { TenantView } from '@tenantry/read-model';
import { admissionIsPermanent } from '@tenantry/tenant-domain';
import { EdgeError, Forbidden, Unauthenticated } from '../errors';
import { admitsUsers } from './tenant-admission';
import { rememberingVerifier } from './verified-tokens';

/**
 * Who is calling. `principal` when a valid token of a usable tenant came along;
 * `failure` when a token came but is not acceptable (resolvers that need a caller
 * throw it); neither when no token came (only `login` works then).
 */
export interface AuthState {
  principal?: Principal;
  /** When the principal's token expires (a WebSocket opened with it closes then). */
  expiresAt?: Date;
  failure?: EdgeError;
}

export interface Authenticator {
  /** From an `Authorization` header value (or a WebSocket `authorization` param). */
  authenticate(authorization: string | null | undefined): Promise<AuthState>;
}

export const TENANT_NOT_ACTIVE = 'Your tenant is not active';

export function createAuthenticator(options: {
  jwtSecrets: TokenSecrets;
  tenant: (id: string) => Promise<TenantView | null>;
}): Authenticator {
  const verify = rememberingVerifier(options.jwtSecrets);
  /** Tenants seen admitting users whose admission cannot be withdrawn (the root tenant). */
  const admittedForGood = new Set<string>();
  return {
    async authenticate(authorization) {
      if (!authorization) return {};
      const token = bearerToken(authorization);
      if (!token) return { failure: new Unauthenticated('Authorization must be "Bearer <token>"') };
      let verified: VerifiedToken;
      try {
        verified = await verify(token);
      } catch (error) {
        if (error instanceof InvalidToken) return { failure: new Unauthenticated(error.message) };
        throw error;
      }
      // Deactivated and deleted tenants lose their tokens at once: ask the read model every time,
      // but for a tenant that nothing can deactivate once it admitted users.
      const { tenantId } = verified.principal;
      if (!admittedForGood.has(tenantId)) {
        if (!admitsUsers(await options.tenant(tenantId))) return { failure: new Forbidden(TENANT_NOT_ACTIVE) };
        if (admissionIsPermanent(tenantId)) admittedForGood.add(tenantId);
      }
      return { principal: verified.principal, expiresAt: verified.expiresAt };
    },
  };
}
