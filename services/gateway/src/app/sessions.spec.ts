import { edgeFixture } from '../__tests__/edge-fixture';

const LOGIN = 'mutation($t: ID!, $e: String!, $p: String!) { login(tenant: $t, email: $e, password: $p) { token } }';

describe('login arguments no account can have', () => {
  it.each([
    ['a 300 KB password', { t: 'root', e: 'root@tenantry.test', p: 'P'.repeat(300_000) }],
    ['an email over 254 characters', { t: 'root', e: `${'a'.repeat(250)}@tenantry.test`, p: 'Correct-Horse-1' }],
    ['a tenant id over 50 characters', { t: 'a'.repeat(51), e: 'root@tenantry.test', p: 'Correct-Horse-1' }],
    ['a NUL in the email', { t: 'root', e: 'root\u0000@tenantry.test', p: 'Correct-Horse-1' }],
  ])('refuses %s as UNAUTHENTICATED without looking anyone up', async (_, variables) => {
    const edge = edgeFixture();
    const result = await edge.graphql(LOGIN, { variables });
    expect(result.errors?.[0]).toMatchObject({
      message: 'Invalid email or password',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(edge.lookups.count).toBe(0);
  });
});
