import { acmeAdmin, edgeFixture, rootAdmin, tokenOf } from '../__tests__/edge-fixture';

const PREFERENCES = '{ notificationPreferences { receiveAll emailFallback } }';
const SET =
  'mutation($all: Boolean, $email: Boolean) { setNotificationPreferences(receiveAll: $all, emailFallback: $email) { receiveAll emailFallback } }';

describe('notification preferences (yoga.fetch)', () => {
  it('are the defaults until changed: nothing extra, email fallback on', async () => {
    const edge = edgeFixture();
    const result = await edge.graphql(PREFERENCES, { token: await tokenOf(rootAdmin) });
    expect(result.data?.notificationPreferences).toEqual({ receiveAll: false, emailFallback: true });
  });

  it('let a root administrator opt in to every notification, keeping what is not given', async () => {
    const edge = edgeFixture();
    const token = await tokenOf(rootAdmin);
    expect((await edge.graphql(SET, { token, variables: { email: false } })).data?.setNotificationPreferences).toEqual({
      receiveAll: false,
      emailFallback: false,
    });
    expect((await edge.graphql(SET, { token, variables: { all: true } })).data?.setNotificationPreferences).toEqual({
      receiveAll: true,
      emailFallback: false,
    });
    expect((await edge.graphql(PREFERENCES, { token })).data?.notificationPreferences).toEqual({
      receiveAll: true,
      emailFallback: false,
    });
  });

  it('refuse receiveAll to anyone but a root administrator (FORBIDDEN), and let them turn email off', async () => {
    const edge = edgeFixture();
    const token = await tokenOf(acmeAdmin);
    const refused = await edge.graphql(SET, { token, variables: { all: true } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await edge.graphql(SET, { token, variables: { email: false } })).data?.setNotificationPreferences).toEqual({
      receiveAll: false,
      emailFallback: false,
    });
  });

  it('are each user’s own', async () => {
    const edge = edgeFixture();
    await edge.graphql(SET, { token: await tokenOf(rootAdmin), variables: { email: false } });
    expect(
      (await edge.graphql(PREFERENCES, { token: await tokenOf(acmeAdmin) })).data?.notificationPreferences,
    ).toEqual({ receiveAll: false, emailFallback: true });
  });

  it('turn the MINE notifications of an opted-in root administrator into ALL', async () => {
    const edge = edgeFixture();
    const token = await tokenOf(rootAdmin);
    const other = {
      cursor: '1',
      type: 'TENANT_CREATED' as const,
      recipientId: 'someone-else',
      tenantId: 'acme',
      operationId: 'op',
      message: 'm',
      error: null,
      step: null,
      stepName: null,
      occurredAt: new Date(),
    };
    edge.readSide.notificationList.push(other);
    expect((await edge.graphql('{ notifications { cursor } }', { token })).data?.notifications).toEqual([]);
    await edge.graphql(SET, { token, variables: { all: true } });
    expect((await edge.graphql('{ notifications { cursor } }', { token })).data?.notifications).toEqual([
      { cursor: '1' },
    ]);
  });
});
