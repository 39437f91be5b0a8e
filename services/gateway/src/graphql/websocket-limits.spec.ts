import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Inbox } from '@tenantry/testing';
import { edgeFixture, rootAdmin, tokenOf } from '../__tests__/edge-fixture';

type Edge = ReturnType<typeof edgeFixture>;
type Running = Awaited<ReturnType<Edge['listen']>>;
const clients: Client[] = [];
const servers: Running[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map(async (c) => c.dispose()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function listen(limits: Parameters<Edge['listen']>[0] = {}) {
  const running = await edgeFixture().listen(limits);
  servers.push(running);
  return running;
}

/** A graphql-ws client that reports whether it was acknowledged and how its socket closed. */
function connect(url: string, authorization: string, connectionParams: Record<string, unknown> = {}) {
  const closed = new Inbox<{ code: number; reason: string }>();
  const acknowledged = new Inbox<true>();
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    connectionParams: { authorization, ...connectionParams },
    on: {
      connected: () => acknowledged.push(true),
      closed: (event) => closed.push({ code: (event as CloseEvent).code, reason: (event as CloseEvent).reason }),
    },
  });
  clients.push(client);
  return { closed, acknowledged };
}

describe('WebSocket limits', () => {
  it('closes a socket whose frame is over the payload limit with 1009', async () => {
    const running = await listen({ maxPayloadBytes: 1024 });
    const { closed } = connect(running.wsUrl, `Bearer ${await tokenOf(rootAdmin)}`, { padding: 'x'.repeat(2048) });
    expect((await closed.next(() => true, { within: '10s' })).code).toBe(1009);
  });

  it("accepts a principal's sockets up to the limit and closes the next one with 1008", async () => {
    const running = await listen({ maxConnectionsPerPrincipal: 2 });
    const token = `Bearer ${await tokenOf(rootAdmin)}`;
    const tabs = [connect(running.wsUrl, token), connect(running.wsUrl, token)];
    for (const tab of tabs) await tab.acknowledged.next(() => true, { within: '10s' });
    const third = connect(running.wsUrl, token);
    expect(await third.closed.next(() => true, { within: '10s' })).toEqual({
      code: 1008,
      reason: 'Too many connections',
    });
  });

  it('counts a closed socket out, so the principal may open another', async () => {
    const running = await listen({ maxConnectionsPerPrincipal: 1 });
    const token = `Bearer ${await tokenOf(rootAdmin)}`;
    const first = connect(running.wsUrl, token);
    await first.acknowledged.next(() => true, { within: '10s' });
    await clients[0]!.dispose();
    await first.closed.next(() => true, { within: '10s' });
    await connect(running.wsUrl, token).acknowledged.next(() => true, { within: '10s' });
  });

  it('closes a socket with 4401 when its token expires', async () => {
    const running = await listen();
    const { acknowledged, closed } = connect(running.wsUrl, `Bearer ${await tokenOf(rootAdmin, 2)}`);
    await acknowledged.next(() => true, { within: '10s' });
    expect(await closed.next(() => true, { within: '10s' })).toEqual({ code: 4401, reason: 'Token expired' });
  });
});
