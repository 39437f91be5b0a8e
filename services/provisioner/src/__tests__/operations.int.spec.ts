import { startTestSystem, TestSystem, waitFor } from '@tenantry/testing';
import { FoundationClient } from './foundation';

/** What an operator sees: health, readiness and Prometheus metrics on each worker service. */
describe('operating the services', () => {
  let system: TestSystem;
  let client: FoundationClient;
  const opsUrl: Record<string, string> = {};

  beforeAll(async () => {
    system = await startTestSystem('operations');
    for (const name of ['tenant-command', 'provisioner'] as const) {
      const service = await system.start(name);
      const [, port] = await service.waitForLog(/"opsPort":(\d+)/);
      opsUrl[name] = `http://127.0.0.1:${port}`;
    }
    client = await FoundationClient.connect(system);
  });
  afterAll(async () => {
    await client?.close();
    await system?.dispose();
  });

  it('answers /healthz and /readyz with the state of PostgreSQL and NATS', async () => {
    for (const url of Object.values(opsUrl)) {
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', nats: 'ok' } });
    }
  });

  it('counts commands, jobs, steps and the relay in /metrics', async () => {
    await client.createTenant({ id: 'measured' });
    await client.waitForEvent('measured', 'TenantProvisioned');
    const provisioner = await waitFor(
      async () => (await fetch(`${opsUrl['provisioner']}/metrics`)).text(),
      (text) => /tenantry_jobs_total\{kind="CREATE",outcome="succeeded",service="provisioner"\} [1-9]/.test(text),
      { description: 'a succeeded CREATE job in the provisioner metrics' },
    );
    expect(provisioner).toMatch(/tenantry_job_step_duration_seconds_count\{service="provisioner",step="RUNNING_MIGRATIONS"\} [1-9]/);
    expect(provisioner).toMatch(/tenantry_consumer_pending\{consumer="provisioner",service="provisioner"\} \d+/);
    const commands = await (await fetch(`${opsUrl['tenant-command']}/metrics`)).text();
    expect(commands).toMatch(/tenantry_commands_total\{command="createTenant",outcome="accepted",service="tenant-command"\} 1/);
    expect(commands).toMatch(/tenantry_relay_leader\{service="tenant-command"\} 1/);
  });

  it('logs a correlation id from the command to the job that ran it', async () => {
    await client.send('createTenant', {
      correlationId: 'corr-4242',
      input: { id: 'traced', name: 'Traced', adminEmail: 'a@traced.test', adminPassword: 'Correct-Horse-Battery-42' },
    });
    const events = await client.waitForEvent('traced', 'TenantProvisioned');
    expect(events.every((e) => e.metadata.correlationId === 'corr-4242')).toBe(true);
    await system.services.get('tenant-command')!.waitForLog(/"correlationId":"corr-4242"/);
  });
});
