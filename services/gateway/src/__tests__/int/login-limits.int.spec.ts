import { waitFor } from '@tenantry/testing';
import { GatewayWorld, STRONG_PASSWORD } from '../gateway-world';

/**
 * Failed logins are limited per account (tenant, email) and per client address, in
 * PostgreSQL: past the limit the right password is refused too, until the window ends.
 */
jest.setTimeout(180_000);

// Long enough for 14 logins (each hashes a password) on a loaded machine.
const WINDOW_SECONDS = 15;
const LOGIN = 'mutation($t: ID!, $e: String!, $p: String!) { login(tenant: $t, email: $e, password: $p) { token } }';

describe('login limits', () => {
  let world: GatewayWorld;

  beforeAll(async () => {
    world = await GatewayWorld.start('login_limits', {
      env: {
        LOGIN_MAX_FAILURES: '5',
        LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
        LOGIN_MAX_FAILURES_PER_ADDRESS: '14',
      },
    });
    await world.createTenant({ id: 'locked', adminEmail: 'owner@locked.test' });
    await world.waitForTenant('locked', (t) => t?.status === 'ACTIVE', 'active');
  });
  afterAll(async () => {
    await world?.dispose();
  });

  /** A login through HTTP: its status, Retry-After and GraphQL error. */
  const login = async (tenant: string, email: string, password: string) => {
    const response = await fetch(world.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGIN, variables: { t: tenant, e: email, p: password } }),
    });
    const body = (await response.json()) as {
      data?: { login: { token: string } } | null;
      errors?: { message: string; extensions: Record<string, unknown> }[];
    };
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      token: body.data?.login.token,
      error: body.errors?.[0],
    };
  };

  it('refuses an account after 5 failures, even with the right password, until the window passes; others log in meanwhile', async () => {
    for (let i = 0; i < 5; i++)
      expect((await login('locked', 'owner@locked.test', `Wrong-Password-${i}!`)).error?.extensions['code']).toBe(
        'UNAUTHENTICATED',
      );

    const refused = await login('locked', 'owner@locked.test', STRONG_PASSWORD);
    expect(refused.token).toBeUndefined();
    expect(refused.status).toBe(429);
    expect(refused.error?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(WINDOW_SECONDS);

    // The same email in another tenant is another account.
    expect((await world.login('root', 'admin@tenantry.local', 'Tenantry-Admin-2026!')).data?.login.token).toBeTruthy();

    const after = await waitFor(
      () => login('locked', 'owner@locked.test', STRONG_PASSWORD),
      (r) => Boolean(r.token),
      {
        within: `${WINDOW_SECONDS + 20}s`,
        interval: 500,
        description: 'the locked account to log in once its window has passed',
      },
    );
    expect(after.status).toBe(200);
  });

  it('refuses every login from an address after 14 failures in the window, whichever account', async () => {
    // Five failures of the test above may still count: spread over fresh accounts, past the limit.
    for (let i = 0; i < 14; i++) await login('locked', `nobody-${i}@locked.test`, 'Wrong-Password-1!');
    const refused = await login('root', 'admin@tenantry.local', 'Tenantry-Admin-2026!');
    expect(refused.status).toBe(429);
    expect(refused.error?.extensions['code']).toBe('RATE_LIMITED');
  });
});
