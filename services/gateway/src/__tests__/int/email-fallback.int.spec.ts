import { Client } from 'pg';
import { waitFor } from '@tenantry/testing';
import { GatewayWorld } from '../gateway-world';
import { TestSmtpServer } from '../test-smtp-server';

/**
 * Email fallback (issue 6, item 7): a terminal notification that finds its recipient
 * with no open socket on any gateway goes out by email; never for a user who is online;
 * an SMTP outage delays the email, never provisioning.
 */
jest.setTimeout(180_000);

describe('email fallback', () => {
  const smtp = new TestSmtpServer();
  let world: GatewayWorld;
  let database: Client;
  // Recipients are principal keys: these administrators are root's.
  const outboxOf = async (userId: string) =>
    (
      await database.query<{ status: string; attempts: number; last_error: string | null; reason: string | null }>(
        'SELECT status, attempts, last_error, reason FROM gateway.email_outbox WHERE recipient_id = $1 ORDER BY id',
        [`root/${userId}`],
      )
    ).rows;

  beforeAll(async () => {
    await smtp.start(0);
    world = await GatewayWorld.start('gw_email', {
      gatewayEnv: { SMTP_URL: smtp.url, SMTP_FROM: 'Tenantry <noreply@tenantry.test>', EMAIL_RETRY_BACKOFF_MS: '300' },
    });
    database = new Client({ connectionString: world.system.database.url });
    await database.connect();
  });
  afterAll(async () => {
    await database?.end();
    await world?.dispose();
    await smtp.stop();
  });

  it('emails a recipient who has no open socket, with the tenant name and status', async () => {
    const away = await world.administrator('away@tenantry.test');
    const accepted = await world.createTenant({ id: 'mailed', name: 'Mailed Ltd' }, away.token);
    expect(accepted.errors).toBeUndefined();

    const email = await smtp.received.next((e) => e.to.includes('away@tenantry.test'), {
      within: '60s',
      description: 'an email to away@tenantry.test',
    });
    expect(email.subject).toBe('[Tenantry] Mailed Ltd: ACTIVE (TENANT_CREATED)');
    expect(email.text).toContain("Tenant 'Mailed Ltd' is ready");
    expect(email.text).toContain('Status: ACTIVE');
    expect(email.text).not.toContain(STRONG_PASSWORD_FRAGMENT);
    // The mailer marks the row after the server accepted the email, so the row may still be pending here.
    const marked = await waitFor(
      () => outboxOf(away.userId),
      (rows) => rows.length === 1 && rows[0]!.status !== 'pending',
      {
        within: '10s',
        description: 'the outbox row marked after the send',
      },
    );
    expect(marked).toEqual([{ status: 'sent', attempts: 1, last_error: null, reason: null }]);
    await smtp.received.expectNothing((e) => e.to.includes('away@tenantry.test'), {
      within: '1s',
      description: 'a second email for the same notification',
    });
  });

  it('sends nothing to a recipient with an open socket, who got the notification live', async () => {
    const online = await world.administrator('online@tenantry.test');
    const opened = world.socket(online.token);
    const feed = await world.followNotifications(opened.client);
    await world.createTenant({ id: 'watched', name: 'Watched Inc' }, online.token);

    await feed.notifications.next((n) => n.type === 'TENANT_CREATED' && n.tenantId === 'watched', { within: '60s' });
    await waitFor(
      () => outboxOf(online.userId),
      (rows) => rows.length === 1,
      { within: '10s', description: 'the outbox decision for online@' },
    );
    expect(await outboxOf(online.userId)).toEqual([
      { status: 'suppressed', attempts: 0, last_error: null, reason: 'online' },
    ]);
    await smtp.received.expectNothing((e) => e.to.includes('online@tenantry.test'), {
      within: '2s',
      description: 'an email to a user who is online',
    });
  });

  it('does not email a user who turned the fallback off', async () => {
    const quiet = await world.administrator('quiet@tenantry.test');
    const set = await world.query(
      'mutation { setNotificationPreferences(emailFallback: false) { emailFallback } }',
      {},
      quiet.token,
    );
    expect(set.data).toEqual({ setNotificationPreferences: { emailFallback: false } });
    await world.createTenant({ id: 'quiet', name: 'Quiet Co' }, quiet.token);
    await world.waitForTenant('quiet', (t) => t?.status === 'ACTIVE', 'active', '60s');
    await waitFor(
      () => outboxOf(quiet.userId),
      (rows) => rows.length === 1,
      { within: '10s', description: 'the outbox decision for quiet@' },
    );
    expect((await outboxOf(quiet.userId))[0]).toMatchObject({ status: 'suppressed', reason: 'opted out' });
    await smtp.received.expectNothing((e) => e.to.includes('quiet@tenantry.test'), { within: '1s' });
  });

  it('retries while the SMTP server is down and delivers once it is back; provisioning never waits', async () => {
    const later = await world.administrator('later@tenantry.test');
    await smtp.stop();
    await world.createTenant({ id: 'outage', name: 'Outage GmbH' }, later.token);
    await world.waitForTenant('outage', (t) => t?.status === 'ACTIVE', 'active while SMTP is down', '60s');
    const failing = await waitFor(
      () => outboxOf(later.userId),
      (rows) => (rows[0]?.attempts ?? 0) >= 2,
      {
        within: '30s',
        description: 'two failed attempts recorded',
      },
    );
    expect(failing[0]).toMatchObject({ status: 'pending', last_error: expect.any(String) });

    await smtp.start();
    const email = await smtp.received.next((e) => e.to.includes('later@tenantry.test'), {
      within: '30s',
      description: 'the email after the outage',
    });
    expect(email.subject).toContain('Outage GmbH');
    const sent = await waitFor(
      () => outboxOf(later.userId),
      (rows) => rows[0]?.status === 'sent',
      { within: '10s', description: 'the row marked sent' },
    );
    expect(sent[0]!.attempts).toBeGreaterThanOrEqual(3);
    expect(sent[0]!.last_error).toBeNull();
  });

  it('keeps secrets out of the logs', () => {
    expect(world.allLogs()).not.toContain(STRONG_PASSWORD_FRAGMENT);
  });
});

const STRONG_PASSWORD_FRAGMENT = 'Correct-Horse';
