import { InvalidToken, bearerToken, issueToken, keyIdOf, verifyToken } from './tokens';
import { hashPassword, verifyPassword } from './passwords';
import { isPlatformAdministrator } from './roles';
import { principalKeyOf, requesterKey, userIdIn } from './principal-key';

const secret = 'a'.repeat(32);
const alice = { userId: 'u1', email: 'alice@example.com', tenantId: 'root', roles: ['admin'] };

describe('tokens', () => {
  it('round-trip the principal and when the token expires', async () => {
    const { token, expiresAt } = await issueToken(alice, secret, 60);
    await expect(verifyToken(token, secret)).resolves.toEqual({
      principal: alice,
      expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000),
    });
  });
  it('have the principal key (tenant/user) as subject, so a user id of another tenant is another principal', async () => {
    const { token } = await issueToken(alice, secret, 60);
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub).toBe('root/u1');
    const lookalike = { ...alice, tenantId: 'acme' };
    const verified = await verifyToken((await issueToken(lookalike, secret, 60)).token, secret);
    expect(verified.principal).toEqual(lookalike);
    expect(principalKeyOf(verified.principal)).toBe('acme/u1');
  });
  it('name their secret by kid, a digest that is not the secret', async () => {
    const { token } = await issueToken(alice, secret, 60);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(header).toMatchObject({ alg: 'HS256', kid: keyIdOf(secret) });
    expect(header.kid).not.toContain('aaaa');
  });
  it('rotate: the newest secret signs, an older one still verifies its tokens until they expire, a removed one no longer does', async () => {
    const older = 'o'.repeat(32);
    const newer = 'n'.repeat(32);
    const beforeRotation = (await issueToken(alice, [older], 60)).token;
    const afterRotation = (await issueToken(alice, [newer, older], 60)).token;
    expect(JSON.parse(Buffer.from(afterRotation.split('.')[0]!, 'base64url').toString()).kid).toBe(keyIdOf(newer));
    await expect(verifyToken(beforeRotation, [newer, older])).resolves.toMatchObject({ principal: alice });
    await expect(verifyToken(afterRotation, [newer, older])).resolves.toMatchObject({ principal: alice });
    await expect(verifyToken(beforeRotation, [newer])).rejects.toEqual(new InvalidToken('invalid'));
  });
  it('verify a token without kid (issued before kids) against each secret', async () => {
    const { SignJWT } = await import('jose');
    const legacy = await new SignJWT({ email: alice.email, tenant: 'root', roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('tenantry')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(secret));
    await expect(verifyToken(legacy, ['n'.repeat(32), secret])).resolves.toMatchObject({ principal: alice });
  });
  it('refuse an expired token as expired', async () => {
    const { token } = await issueToken(alice, secret, 1, new Date(Date.now() - 10_000));
    await expect(verifyToken(token, secret)).rejects.toEqual(new InvalidToken('expired'));
  });
  it('refuse a token signed with another secret', async () => {
    const { token } = await issueToken(alice, 'b'.repeat(32), 60);
    await expect(verifyToken(token, secret)).rejects.toEqual(new InvalidToken('invalid'));
  });
  it('read a recorded requestedBy as a key: a bare id (before keys) is a root user', () => {
    expect(requesterKey('acme/u1')).toBe('acme/u1');
    expect(requesterKey('u1')).toBe('root/u1');
    expect(userIdIn('acme/a/b', 'acme')).toBe('a/b');
    expect(userIdIn('acme/u1', 'root')).toBeUndefined();
  });
  it('read a bearer header', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('Basic x')).toBeUndefined();
  });
});

describe('passwords', () => {
  it('hash with argon2id and verify', async () => {
    const hashed = await hashPassword('Correct-Horse-42');
    expect(hashed).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hashed, 'Correct-Horse-42')).toBe(true);
    expect(await verifyPassword(hashed, 'wrong')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});

describe('roles', () => {
  it('only root admins are platform administrators', () => {
    expect(isPlatformAdministrator(alice)).toBe(true);
    expect(isPlatformAdministrator({ ...alice, tenantId: 'acme' })).toBe(false);
  });
});
