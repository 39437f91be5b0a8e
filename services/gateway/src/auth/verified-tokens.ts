import { TokenSecrets, VerifiedToken, verifyToken } from '@tenantry/auth';

/** Tokens remembered at most; the oldest verified is forgotten first. */
const DEFAULT_CAPACITY = 10_000;

/**
 * `verifyToken` that remembers the tokens it verified, so a client's next request
 * with the same token costs a lookup instead of an HMAC through WebCrypto (~0.3 ms of
 * CPU per request). Safe because a token is a fixed string whose signature this
 * process checked against secrets that do not change while it runs; its expiry is
 * checked at every use, and a remembered token past it is verified again (and refused
 * as expired). What a token cannot carry — a tenant deactivated since — is still asked
 * of the read model on every request (`createAuthenticator`).
 */
export function rememberingVerifier(
  secrets: TokenSecrets,
  {
    capacity = DEFAULT_CAPACITY,
    now = Date.now,
    verify = verifyToken,
  }: { capacity?: number; now?: () => number; verify?: typeof verifyToken } = {},
): (token: string) => Promise<VerifiedToken> {
  const verified = new Map<string, VerifiedToken>();
  return async (token) => {
    const known = verified.get(token);
    if (known && known.expiresAt.getTime() > now()) return known;
    verified.delete(token);
    const fresh = await verify(token, secrets);
    if (verified.size >= capacity) verified.delete(verified.keys().next().value!);
    verified.set(token, fresh);
    return fresh;
  };
}
