import { connect, NatsConnection } from 'nats';
import { natsNames } from '@tenantry/messaging';
import { Inbox, waitFor } from '@tenantry/testing';
import { rest, socketClient } from '../graphql-client';
import { GatewayWorld, STRONG_PASSWORD } from '../gateway-world';
import { metricSample } from '../metric-sample';

/** The gateway's operations: /metrics on METRICS_PORT only, traces into commands, graceful shutdown. */
jest.setTimeout(180_000);

describe('gateway observability', () => {
  let world: GatewayWorld;
  let nats: NatsConnection;
  const commandHeaders = new Inbox<{ tenantId?: string; traceparent?: string }>();
  beforeAll(async () => {
    world = await GatewayWorld.start('gw_observe');
    nats = await connect({ servers: world.system.natsUrl });
    // A second listener on the command subject: it sees each request as tenant-command does.
    nats.subscribe(natsNames(world.system.prefix).commandSubject('createTenant'), {
      callback: (_, message) =>
        commandHeaders.push({
          tenantId: message.json<{ data?: { input?: { id?: string } } }>().data?.input?.id,
          traceparent: message.headers?.get('traceparent') || undefined,
        }),
    });
    await nats.flush();
  });
  afterAll(async () => {
    await nats?.close();
    await world?.dispose();
  });

  it('answers 404 for /metrics on the public port', async () => {
    const response = await fetch(world.url.replace(/\/graphql$/, '/metrics'));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('tenantry_');
  });

  it('serves Prometheus metrics: open sockets, notification delay, GraphQL operations, projector lag', async () => {
    const opened = socketClient(world.url, world.rootToken);
    // The delay is measured for what occurs while a subscription is open: the tenant comes after it is set up.
    const feed = await world.followNotifications(opened.client);
    await world.createTenant({ id: 'measured', name: 'Measured' });
    await feed.notifications.next((n) => n.type === 'TENANT_CREATED' && n.tenantId === 'measured', { within: '60s' });

    const text = await world.metrics();
    expect(metricSample(text, 'tenantry_gateway_open_sockets', { service: 'gateway' })).toBe(1);
    expect(
      metricSample(text, 'tenantry_notification_delay_seconds_count', { type: 'TENANT_CREATED' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      metricSample(text, 'tenantry_graphql_operations_total', {
        operation: 'createTenant',
        type: 'mutation',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      metricSample(text, 'tenantry_graphql_operations_total', {
        operation: 'notifications',
        type: 'subscription',
        outcome: 'ok',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(metricSample(text, 'tenantry_consumer_pending', { consumer: 'projector' })).toEqual(expect.any(Number));

    await opened.dispose();
    await waitFor(
      () => world.metrics(),
      (t) => metricSample(t, 'tenantry_gateway_open_sockets') === 0,
      {
        within: '5s',
        description: 'no open socket counted',
      },
    );
  });

  it("carries the caller's trace into the command it sends to tenant-command (GraphQL and REST)", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const caller = `00-${traceId}-00f067aa0ba902b7-01`;
    const response = await fetch(world.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${world.rootToken}`, traceparent: caller },
      body: JSON.stringify({
        query: 'mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenantId } }',
        variables: {
          input: { id: 'traced', name: 'Traced', adminEmail: 'owner@traced.test', adminPassword: STRONG_PASSWORD },
        },
      }),
    });
    expect(((await response.json()) as { data: unknown }).data).toEqual({ createTenant: { tenantId: 'traced' } });
    const sent = await commandHeaders.next((r) => r.tenantId === 'traced', {
      within: '10s',
      description: 'the createTenant request',
    });
    expect(sent.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(sent.traceparent).not.toBe(caller);

    const viaRest = await rest(world.url, 'POST', '/api/tenants', world.rootToken, {
      id: 'traced-rest',
      name: 'Traced REST',
      adminEmail: 'owner@traced.test',
      adminPassword: STRONG_PASSWORD,
    });
    expect(viaRest.status).toBe(202);
    const sentByRest = await commandHeaders.next((r) => r.tenantId === 'traced-rest', {
      within: '10s',
      description: 'the REST createTenant request',
    });
    expect(sentByRest.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('shuts down gracefully on SIGTERM: sockets closed with 1001 Going Away, exit code 0', async () => {
    const opened = socketClient(world.url, world.rootToken);
    const feed = await world.followNotifications(opened.client);
    await world.createTenant({ id: 'before-stop', name: 'Before Stop' });
    await feed.notifications.next((n) => n.tenantId === 'before-stop', { within: '60s' });

    const exit = await world.gateway.stop({ grace: '15s' });
    expect(exit).toEqual({ code: 0, signal: null });
    expect((await opened.closed.next(() => true, { within: '5s' })).code).toBe(1001);
    await opened.dispose();
  });
});
