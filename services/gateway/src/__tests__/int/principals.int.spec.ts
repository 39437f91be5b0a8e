import { hashPassword } from '@tenantry/auth';
import { asExternalConnectionString, createTestDatabase, TestDatabase, withClient } from '@tenantry/testing';
import { NotificationResult, NOTIFICATION_FIELDS } from '../graphql-client';
import { GatewayWorld, STRONG_PASSWORD } from '../gateway-world';
import { TestSmtpServer } from '../test-smtp-server';

/**
 * A principal is (tenant, user) (issue 14, item 1). The owner of an EXTERNAL tenant
 * controls its database, so they can give a user the id of a root administrator; that
 * user is someone else: none of root's notifications, presence, preferences or email.
 */
jest.setTimeout(240_000);

describe('principals are per tenant', () => {
  const smtp = new TestSmtpServer();
  let world: GatewayWorld;
  let external: TestDatabase;
  const notificationsOf = async (token: string) =>
    (
      await world.query<{ notifications: NotificationResult[] }>(
        `{ notifications(first: 100) { ${NOTIFICATION_FIELDS} } }`,
        {},
        token,
      )
    ).data!.notifications;
  const preferencesOf = async (token: string) =>
    (
      await world.query<{ notificationPreferences: { emailFallback: boolean } }>(
        '{ notificationPreferences { emailFallback } }',
        {},
        token,
      )
    ).data!.notificationPreferences;

  beforeAll(async () => {
    await smtp.start(0);
    external = await createTestDatabase('principals_external');
    world = await GatewayWorld.start('gw_principals', {
      gatewayEnv: { SMTP_URL: smtp.url, SMTP_FROM: 'Tenantry <noreply@tenantry.test>' },
    });
  });
  afterAll(async () => {
    await world?.dispose();
    await external?.drop();
    await smtp.stop();
  });

  it('a user of an EXTERNAL tenant with the id of a root administrator gets none of their notifications, preferences or email', async () => {
    const victim = await world.administrator('victim@tenantry.test');
    const created = await world.createTenant(
      {
        id: 'forger',
        name: 'Forger',
        adminEmail: 'owner@forger.test',
        database: 'EXTERNAL',
        connectionString: asExternalConnectionString(external.url),
      },
      victim.token,
    );
    expect(created.errors).toBeUndefined();
    await world.waitForTenant('forger', (t) => t?.status === 'ACTIVE', 'ACTIVE', '90s');

    // The tenant's owner, in their own database: a user with the victim's id, the admin role and a known password.
    await withClient(external.url, async (client) => {
      await client.query('insert into tenant_forger.users (id, email, password_hash) values ($1, $2, $3)', [
        victim.userId,
        'thief@forger.test',
        await hashPassword(STRONG_PASSWORD),
      ]);
      await client.query(
        `insert into tenant_forger.user_roles (user_id, role_id) select $1, id from tenant_forger.roles where name = 'admin'`,
        [victim.userId],
      );
    });
    const login = await world.login('forger', 'thief@forger.test', STRONG_PASSWORD);
    expect(login.data?.login.user).toMatchObject({ id: victim.userId, roles: ['admin'] });
    const thief = login.data!.login.token;

    expect(await notificationsOf(thief)).toEqual([]);
    const set = await world.query(
      'mutation { setNotificationPreferences(emailFallback: false) { emailFallback } }',
      {},
      thief,
    );
    expect(set.data).toEqual({ setNotificationPreferences: { emailFallback: false } });
    expect(await preferencesOf(victim.token)).toEqual({ emailFallback: true });

    // The thief stays online on MINE while the (offline) victim's next operation ends.
    const feed = await world.followNotifications(world.socket(thief).client);
    await world.updateTenant('forger', { name: 'Forger Renamed' }, victim.token);
    const email = await smtp.received.next((e) => e.subject.includes('Forger Renamed'), {
      within: '60s',
      description: "the email of the victim's update",
    });
    expect(email.to).toContain('victim@tenantry.test');
    expect(email.to).not.toContain('thief@forger.test');

    const victimsOwn = await notificationsOf(victim.token);
    expect(victimsOwn.map((n) => n.type)).toContain('TENANT_UPDATED');
    expect(await notificationsOf(thief)).toEqual([]);
    await feed.notifications.expectNothing(() => true, {
      within: '2s',
      description: "any of the victim's notifications on the thief's MINE feed",
    });
    expect(await preferencesOf(victim.token)).toEqual({ emailFallback: true });
    await smtp.received.expectNothing((e) => e.to.includes('thief@forger.test'), {
      within: '1s',
      description: 'an email to the thief',
    });
  });
});
