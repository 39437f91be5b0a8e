import { foundationWorld, STRONG_PASSWORD } from './foundation';

const DB_PASSWORD = 'Hunter2-db-secret';

/** An unreachable EXTERNAL database ends FAILED with a readable error and no secret anywhere. */
describe('failing safely', () => {
  const world = foundationWorld('secrets', { env: { PROVISIONER_MAX_ATTEMPTS: '2' } });

  it('ends an unreachable EXTERNAL tenant FAILED with the connection error, credentials removed', async () => {
    const reply = await world.client.createTenant({
      id: 'unreachable',
      database: 'EXTERNAL',
      connectionString: `postgres://owner:${DB_PASSWORD}@127.0.0.1:1/their_db`,
    });
    expect(reply).toMatchObject({ ok: true, accepted: { status: 'PENDING' } });

    const events = await world.client.waitForEvent('unreachable', 'TenantProvisioningFailed');
    const failed = events.find((e) => e.type === 'TenantProvisioningFailed')!;
    expect(failed.data['error']).toBe(
      'The database server could not be reached (ECONNREFUSED). Check its host and port and that it accepts connections, then retry.',
    );
    // Two attempts, each visible as a start.
    expect(events.filter((e) => e.type === 'TenantProvisioningStarted').map((e) => e.data['attempt'])).toEqual([1, 2]);
  });

  it('keeps the admin password and the connection string password out of every event and log line', async () => {
    await world.client.createTenant({ id: 'plain' });
    await world.client.waitForEvent('plain', 'TenantProvisioned');
    await world.client.waitForEvent('unreachable', 'TenantProvisioningFailed');

    const everything = JSON.stringify(
      (await world.client.store.readAll({ limit: 10_000 })).map((e) => [e.type, e.data, e.metadata]),
    );
    expect(everything).toContain('$argon2id$');
    expect(everything).not.toContain(STRONG_PASSWORD);
    expect(everything).not.toContain(DB_PASSWORD);

    // Log lines reach the pipe up to 100 ms after they are written (libs/config's logger): wait for the last one.
    await world.system.services.get('provisioner')!.waitForLog(/job failed/);
    const logs = [...world.system.services.values()].flatMap((s) => s.logs).join('\n');
    expect(logs).not.toContain(STRONG_PASSWORD);
    expect(logs).not.toContain(DB_PASSWORD);
  });
});
