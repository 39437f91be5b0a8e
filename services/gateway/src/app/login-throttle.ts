import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimited } from '../errors';

/** Who is trying to log in: the account (tenant and email) and the client's address. */
export interface LoginAttempt {
  tenantId: string;
  email: string;
  address: string;
}

/**
 * Failed logins counted per account and per client address, in PostgreSQL (tables in the
 * `gateway` schema, beside the rest of its state) so every
 * gateway replica counts together. Past the limit, every attempt (the right password
 * too) is refused until the window that started with the first failure has passed.
 */
export interface LoginThrottle {
  /** Throws RateLimited when the account or the address is over its limit. */
  assertAllowed(attempt: LoginAttempt): Promise<void>;
  failed(attempt: LoginAttempt): Promise<void>;
  /** A success forgets the account's failures (not the address's). */
  succeeded(attempt: LoginAttempt): Promise<void>;
}

export interface LoginThrottleSettings {
  /** LOGIN_MAX_FAILURES per account. */
  maxFailures: number;
  /** LOGIN_WINDOW_SECONDS. */
  windowSeconds: number;
  /** Failed logins per client address in the same window. */
  maxFailuresPerAddress: number;
}

export const NO_THROTTLE: LoginThrottle = {
  assertAllowed: () => Promise.resolve(),
  failed: () => Promise.resolve(),
  succeeded: () => Promise.resolve(),
};

export function loginThrottleIn(pool: Pool, settings: LoginThrottleSettings): LoginThrottle {
  const byAccount = limiter(pool, 'login_failures_by_account', settings.maxFailures, settings.windowSeconds);
  const byAddress = limiter(pool, 'login_failures_by_address', settings.maxFailuresPerAddress, settings.windowSeconds);
  const accountKey = (attempt: LoginAttempt) => JSON.stringify([attempt.tenantId, attempt.email.trim().toLowerCase()]);
  const blockedFor = async (store: RateLimiterPostgres, key: string, limit: number): Promise<number | undefined> => {
    const state = await store.get(key);
    return state && state.consumedPoints >= limit ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : undefined;
  };
  return {
    async assertAllowed(attempt) {
      const waits = await Promise.all([
        blockedFor(byAccount, accountKey(attempt), settings.maxFailures),
        blockedFor(byAddress, attempt.address, settings.maxFailuresPerAddress),
      ]);
      const longest = Math.max(...waits.map((wait) => wait ?? 0));
      if (longest > 0) throw new RateLimited(longest);
    },
    async failed(attempt) {
      await Promise.all([consume(byAccount, accountKey(attempt)), consume(byAddress, attempt.address)]);
    },
    async succeeded(attempt) {
      await byAccount.delete(accountKey(attempt));
    },
  };
}

/** Counts a failure; being over the limit already is what `assertAllowed` reports, not an error here. */
const consume = (store: RateLimiterPostgres, key: string) =>
  store.consume(key).catch((rejection: unknown) => {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
  });

/** The table exists: the gateway's migrations create it (gateway-state/gateway-migrations.ts), not the limiter. */
function limiter(pool: Pool, tableName: string, points: number, duration: number): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    schemaName: 'gateway',
    tableName,
    points,
    duration,
    keyPrefix: tableName,
    clearExpiredByTimeout: true,
    tableCreated: true,
  });
}
