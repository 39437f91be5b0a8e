import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startTestSystem, TestSystem, waitFor } from '@tenantry/testing';
import { FoundationClient } from './foundation';

interface ExportedSpan {
  service: string;
  name: string;
  traceId: string;
}

/** A stand-in OpenTelemetry collector: records the spans posted to /v1/traces (OTLP/JSON). */
async function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; server: Server }> {
  const spans: ExportedSpan[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const payload = JSON.parse(body || '{}');
      for (const resource of payload.resourceSpans ?? []) {
        const service = resource.resource?.attributes?.find((a: { key: string }) => a.key === 'service.name')?.value
          ?.stringValue;
        for (const scope of resource.scopeSpans ?? [])
          for (const span of scope.spans ?? []) spans.push({ service, name: span.name, traceId: span.traceId });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server };
}

/** What an operator sees: health, readiness and Prometheus metrics on each worker service. */
describe('operating the services', () => {
  let system: TestSystem;
  let client: FoundationClient;
  const opsUrl: Record<string, string> = {};
  let collector: Awaited<ReturnType<typeof startCollector>>;

  beforeAll(async () => {
    collector = await startCollector();
    system = await startTestSystem('operations', { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
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
    collector?.server.close();
  });

  it('answers /healthz and /readyz with the state of the event store and NATS', async () => {
    for (const url of Object.values(opsUrl)) {
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { eventStore: 'ok', nats: 'ok' } });
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
    expect(provisioner).toMatch(
      /tenantry_job_step_duration_seconds_count\{service="provisioner",step="RUNNING_MIGRATIONS"\} [1-9]/,
    );
    expect(provisioner).toMatch(/tenantry_consumer_pending\{consumer="provisioner",service="provisioner"\} \d+/);
    const commands = await (await fetch(`${opsUrl['tenant-command']}/metrics`)).text();
    expect(commands).toMatch(
      /tenantry_commands_total\{command="createTenant",outcome="accepted",service="tenant-command"\} 1/,
    );
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

  it("continues the caller's trace through NATS headers into tenant-command and the provisioner job", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const { connectNats, natsNames } = await import('@tenantry/messaging');
    const { headers } = await import('nats');
    const nats = await connectNats({ url: system.natsUrl, name: 'traced-client' });
    const subject = natsNames(system.prefix).commandSubject('createTenant');
    const traceHeaders = headers();
    traceHeaders.set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`);
    const request = {
      actor: { userId: 'admin-1', tenantId: 'root', roles: ['admin'] },
      input: {
        id: 'spanned',
        name: 'Spanned',
        adminEmail: 'a@spanned.test',
        adminPassword: 'Correct-Horse-Battery-42',
      },
    };
    await nats.request(subject, JSON.stringify({ pattern: subject, data: request, id: 'r1' }), {
      timeout: 10_000,
      headers: traceHeaders,
    });
    await nats.close();

    const events = await client.waitForEvent('spanned', 'TenantProvisioned');
    expect(events.every((e) => String(e.metadata['traceparent']).includes(traceId))).toBe(true);
    const spans = await waitFor(
      () => collector.spans.filter((s) => s.traceId === traceId),
      (found) =>
        found.some((s) => s.service === 'tenant-command') &&
        found.some((s) => s.service === 'provisioner' && s.name === 'provision TenantRequested'),
      { description: "spans of both services in the caller's trace" },
    );
    expect(spans.map((s) => s.name)).toEqual(
      expect.arrayContaining(['tenant-command createTenant', 'provision TenantRequested']),
    );
  });
});
