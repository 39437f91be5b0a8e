import { InvalidToken, issueToken, verifyToken } from '@tenantry/auth';
import { rememberingVerifier } from './verified-tokens';

const secret = 's'.repeat(32);
const alice = { userId: 'u1', email: 'alice@example.com', tenantId: 'root', roles: ['admin'] };

describe('a remembering token verifier', () => {
  it('verifies a token once and answers its next uses from memory', async () => {
    const { token } = await issueToken(alice, secret, 60);
    let verifications = 0;
    const verify = rememberingVerifier(secret, {
      verify: (...args) => {
        verifications++;
        return verifyToken(...args);
      },
    });
    await expect(verify(token)).resolves.toMatchObject({ principal: alice });
    await expect(verify(token)).resolves.toMatchObject({ principal: alice });
    expect(verifications).toBe(1);
  });

  it('verifies a remembered token again once it has expired, and the refusal stands', async () => {
    const expiresAt = new Date('2030-01-01T00:00:00Z');
    let clock = expiresAt.getTime() - 1_000;
    const answers: (() => Promise<{ principal: typeof alice; expiresAt: Date }>)[] = [
      () => Promise.resolve({ principal: alice, expiresAt }),
      () => Promise.reject(new InvalidToken('expired')),
    ];
    const verify = rememberingVerifier(secret, { now: () => clock, verify: () => answers.shift()!() });
    await expect(verify('token')).resolves.toMatchObject({ principal: alice });
    clock = expiresAt.getTime();
    await expect(verify('token')).rejects.toEqual(new InvalidToken('expired'));
    expect(answers).toHaveLength(0);
  });

  it('remembers neither a refused token nor more tokens than its capacity', async () => {
    const verified: string[] = [];
    const verify = rememberingVerifier(secret, {
      capacity: 2,
      verify: (token, secrets) => {
        verified.push(token);
        return verifyToken(token, secrets);
      },
    });
    const [first, second, third] = await Promise.all(
      ['u1', 'u2', 'u3'].map(async (userId) => (await issueToken({ ...alice, userId }, secret, 60)).token),
    );
    await expect(verify('not a token')).rejects.toBeInstanceOf(InvalidToken);
    await expect(verify('not a token')).rejects.toBeInstanceOf(InvalidToken);
    for (const token of [first!, second!, third!, third!, second!, first!]) await verify(token);
    // The refused token twice; the first, forgotten when the third came, twice.
    expect(verified).toEqual(['not a token', 'not a token', first, second, third, first]);
  });
});
