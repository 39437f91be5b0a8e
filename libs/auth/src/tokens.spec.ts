import { InvalidToken, bearerToken, issueToken, verifyToken } from './tokens';
import { hashPassword, verifyPassword } from './passwords';
import { isPlatformAdministrator } from './roles';

const secret = 'a'.repeat(32);
const alice = { userId: 'u1', email: 'alice@example.com', tenantId: 'root', roles: ['admin'] };

describe('tokens', () => {
  it('round-trip the principal', async () => {
    const { token } = await issueToken(alice, secret, 60);
    await expect(verifyToken(token, secret)).resolves.toEqual(alice);
  });
  it('refuse an expired token as expired', async () => {
    const { token } = await issueToken(alice, secret, 1, new Date(Date.now() - 10_000));
    await expect(verifyToken(token, secret)).rejects.toEqual(new InvalidToken('expired'));
  });
  it('refuse a token signed with another secret', async () => {
    const { token } = await issueToken(alice, 'b'.repeat(32), 60);
    await expect(verifyToken(token, secret)).rejects.toEqual(new InvalidToken('invalid'));
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
