import { LoginThrottle, NO_THROTTLE } from './login-throttle';
import { randomBytes } from 'node:crypto';
import { hashPassword, issueToken, TokenSecrets, verifyPassword } from '@tenantry/auth';
import {
  isStorableText,
  MAX_EMAIL_LENGTH,
  MAX_PASSWORD_LENGTH,
  MAX_TENANT_ID_LENGTH,
  SLUG_PATTERN,
} from '@tenantry/tenant-domain';
import type { Logger } from 'pino';
import type { ReadModelQueries } from '@tenantry/read-model';
import type { TenantUsers } from '../tenant-users/tenant-users';
import { admitsUsers } from '../auth';
import { INVALID_LOGIN, loggableError, Unauthenticated } from '../errors';
import { UserView } from './principal-user';

export interface Session {
  token: string;
  expiresAt: Date;
  user: UserView;
}

export interface Sessions {
  /** `address`: the client's, for the per-address limit of failed logins. */
  login(tenantId: string, email: string, password: string, address: string): Promise<Session>;
}

export interface SessionsOptions {
  queries: Pick<ReadModelQueries, 'tenant'>;
  users: Pick<TenantUsers, 'find'>;
  /** Newest first: the first signs. */
  jwtSecrets: TokenSecrets;
  ttlSeconds: number;
  /** Failed logins per account and address (absent: unlimited, for in-memory edges). */
  throttle?: LoginThrottle;
  logger: Logger;
  /** Told of every successful login (the email fallback's directory). */
  onLogin?: (user: UserView) => void;
}

/** Arguments no account can have: too long, or text no database stores. */
const isPlausibleLogin = (tenantId: string, email: string, password: string): boolean =>
  tenantId.length <= MAX_TENANT_ID_LENGTH &&
  email.length <= MAX_EMAIL_LENGTH &&
  password.length <= MAX_PASSWORD_LENGTH &&
  [tenantId, email, password].every(isStorableText);

/**
 * Login against the tenant's own users table. Every failure (unknown or unusable
 * tenant, unknown email, wrong password, unreachable tenant database) is the same
 * UNAUTHENTICATED error, and a password hash is verified on every path so timing
 * does not tell which one it was.
 */
export function createSessions(options: SessionsOptions): Sessions {
  const throttle = options.throttle ?? NO_THROTTLE;
  let decoyHash: Promise<string> | undefined;
  const decoy = () => (decoyHash ??= hashPassword(randomBytes(24).toString('base64')));
  const findUser = async (tenantId: string, email: string) => {
    if (!SLUG_PATTERN.test(tenantId)) return undefined;
    const tenant = await options.queries.tenant(tenantId);
    if (!admitsUsers(tenant)) return undefined;
    try {
      return await options.users.find(tenant, email);
    } catch (error) {
      options.logger.warn({ tenantId, err: loggableError(error) }, 'login: tenant users unreachable');
      return undefined;
    }
  };
  return {
    async login(tenantId, email, password, address) {
      // Checked before anything is looked up or hashed: a megabyte password costs nothing.
      if (!isPlausibleLogin(tenantId, email, password)) throw new Unauthenticated(INVALID_LOGIN);
      const attempt = { tenantId, email, address };
      await throttle.assertAllowed(attempt);
      const user = await findUser(tenantId, email);
      const verified = await verifyPassword(user?.passwordHash ?? (await decoy()), password);
      if (!user || !verified) {
        await throttle.failed(attempt);
        throw new Unauthenticated(INVALID_LOGIN);
      }
      await throttle.succeeded(attempt);
      const principal = { userId: user.id, email: user.email, tenantId, roles: user.roles };
      const { token, expiresAt } = await issueToken(principal, options.jwtSecrets, options.ttlSeconds);
      options.onLogin?.({ id: user.id, email: user.email, tenantId, roles: user.roles });
      return { token, expiresAt, user: { id: user.id, email: user.email, tenantId, roles: user.roles } };
    },
  };
}
