import { SignJWT, errors, jwtVerify } from 'jose';
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

export async function issueToken(principal: Principal, secret: string, ttlSeconds: number, now = new Date()): Promise<IssuedToken> {
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  const token = await new SignJWT({ email: principal.email, tenant: principal.tenantId, roles: principal.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.userId)
    .setIssuer(ISSUER)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(keyOf(secret));
  return { token, expiresAt };
}

export async function verifyToken(token: string, secret: string): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { issuer: ISSUER, algorithms: ['HS256'] });
    return {
      userId: String(payload.sub),
      email: String(payload['email']),
      tenantId: String(payload['tenant']),
      roles: Array.isArray(payload['roles']) ? payload['roles'].map(String) : [],
    };
  } catch (error) {
    throw new InvalidToken(error instanceof errors.JWTExpired ? 'expired' : 'invalid');
  }
}

/** The token of an `Authorization: Bearer <jwt>` header, if any. */
export const bearerToken = (header: string | null | undefined): string | undefined =>
  header?.match(/^Bearer\s+(\S+)$/i)?.[1];
