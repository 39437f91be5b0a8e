import { createHash } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { principalKeyOf, userIdIn } from './principal-key';
import { Principal } from './roles';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export class InvalidToken extends Error {
  override name = 'InvalidToken';
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'Your session has expired: log in again' : 'Invalid token: log in again');
  }
}

const ISSUER = 'tenantry';
const keyOf = (secret: string) => new TextEncoder().encode(secret);

/**
 * The signing secrets, newest first (JWT_SECRETS): the newest signs, every one verifies,
 * so a new secret takes over while the tokens of the older ones run out. A token names
 * its secret by `kid`: a short digest of it, never the secret.
 */
export type TokenSecrets = string | readonly string[];
const secretsOf = (secrets: TokenSecrets): readonly string[] => (typeof secrets === 'string' ? [secrets] : secrets);
export const keyIdOf = (secret: string): string => createHash('sha256').update(secret).digest('base64url').slice(0, 16);

export interface VerifiedToken {
  principal: Principal;
  /** When the token stops being accepted: a socket opened with it closes then. */
  expiresAt: Date;
}

export async function issueToken(
  principal: Principal,
  secrets: TokenSecrets,
  ttlSeconds: number,
  now = new Date(),
): Promise<IssuedToken> {
  const [secret] = secretsOf(secrets);
  if (!secret) throw new Error('issueToken needs a secret');
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  const token = await new SignJWT({ email: principal.email, tenant: principal.tenantId, roles: principal.roles })
    .setProtectedHeader({ alg: 'HS256', kid: keyIdOf(secret) })
    .setSubject(principalKeyOf(principal))
    .setIssuer(ISSUER)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(keyOf(secret));
  return { token, expiresAt };
}

/** Verifies with the secret its `kid` names (a token without one: each secret in turn). */
export async function verifyToken(token: string, secrets: TokenSecrets): Promise<VerifiedToken> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new InvalidToken('invalid');
  }
  const candidates = secretsOf(secrets).filter((secret) => kid === undefined || keyIdOf(secret) === kid);
  // The reason only: an error (and its stack) is made once, when the token is refused.
  let failure: InvalidToken['reason'] = 'invalid';
  for (const secret of candidates) {
    try {
      const { payload } = await jwtVerify(token, keyOf(secret), { issuer: ISSUER, algorithms: ['HS256'] });
      const tenantId = String(payload['tenant']);
      // The subject is the principal key in the token's own tenant. A token from before keys
      // has the bare user id: of the same signed tenant, so it names nobody outside it.
      const subject = String(payload.sub);
      const userId = userIdIn(subject, tenantId) ?? subject;
      return {
        principal: {
          userId,
          email: String(payload['email']),
          tenantId,
          roles: Array.isArray(payload['roles']) ? payload['roles'].map(String) : [],
        },
        expiresAt: new Date(Number(payload.exp) * 1000),
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired) failure = 'expired';
    }
  }
  throw new InvalidToken(failure);
}

/** The token of an `Authorization: Bearer <jwt>` header, if any. */
export const bearerToken = (header: string | null | undefined): string | undefined =>
  header?.match(/^Bearer\s+(\S+)$/i)?.[1];
