import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Inbox } from '@tenantry/testing';
import type { NotificationView } from '@tenantry/read-model';
import { acmeAdmin, edgeFixture, rootAdmin, tokenOf } from '../__tests__/edge-fixture';
import { tenantView } from '../__tests__/fake-read-side';

type Edge = ReturnType<typeof edgeFixture>;
let edge: Edge;
let running: Awaited<ReturnType<Edge['listen']>>;
const clients: Client[] = [];

beforeEach(async () => {
  edge = edgeFixture();
  running = await edge.listen();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map(async (c) => c.dispose()));
  await running.close();
});

/** A graphql-ws client that reports how its socket closed instead of retrying. */
function connect(authorization?: string) {
  const closed = new Inbox<{ code: number; reason: string }>();
  const client = createClient({
    url: running.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { closed: (event) => closed.push({ code: (event as CloseEvent).code, reason: (event as CloseEvent).reason }) },
  });
  clients.push(client);
  return { client, closed };
}

function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const results = new Inbox<{ data?: any; errors?: any[] }>();
  const done = new Inbox<unknown>();
  client.subscribe(
    { query, variables },
    { next: results.push, error: done.push, complete: () => done.push('complete') },
  );
  return { results, done };
}

const notification = (overrides: Partial<NotificationView> = {}): NotificationView => ({
  cursor: '1',
  type: 'TENANT_CREATED',
  recipientId: 'root/root-admin',
  tenantId: 'acme',
  operationId: 'op-1',
  message: "Tenant 'ACME' is ready",
  error: null,
  step: null,
  stepName: null,
  occurredAt: new Date('2026-01-01T00:00:00Z'),
  ...overrides,
});

describe('graphql-ws on /graphql', () => {
  it('closes 4401 Unauthorized without a token', async () => {
    const { closed } = connect();
    expect(await closed.next()).toEqual({ code: 4401, reason: 'Unauthorized' });
  });

  it('closes 4401 Unauthorized on an expired token', async () => {
    const { closed } = connect(`Bearer ${await tokenOf(rootAdmin, 1, new Date(Date.now() - 60_000))}`);
    expect((await closed.next()).code).toBe(4401);
  });

  it('closes 4403 Forbidden when the tenant is not active', async () => {
    edge.readSide.tenantsById.set('acme', tenantView('acme', { isActive: false }));
    const { closed } = connect(`Bearer ${await tokenOf(acmeAdmin)}`);
    expect(await closed.next()).toEqual({ code: 4403, reason: 'Forbidden' });
  });

  it('streams the caller’s MINE notifications, with its principal key (tenant/user) as the scope', async () => {
    const { client } = connect(`Bearer ${await tokenOf(rootAdmin)}`);
    const { results } = subscribe(
      client,
      'subscription($after: Cursor) { notifications(after: $after) { cursor type tenantId message occurredAt } }',
      { after: '0' },
    );
    const subscription = await waitForFeed(edge);
    expect(subscription).toMatchObject({ scope: { kind: 'MINE', recipient: 'root/root-admin' }, after: '0' });
    subscription.feed.push(notification());
    expect((await results.next()).data?.notifications).toEqual({
      cursor: '1',
      type: 'TENANT_CREATED',
      tenantId: 'acme',
      message: "Tenant 'ACME' is ready",
      occurredAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('closes the feed when the client unsubscribes', async () => {
    const { client } = connect(`Bearer ${await tokenOf(rootAdmin)}`);
    const results = new Inbox<unknown>();
    const unsubscribe = client.subscribe(
      { query: 'subscription { notifications { cursor } }' },
      { next: results.push, error: results.push, complete: () => undefined },
    );
    const subscription = await waitForFeed(edge);
    unsubscribe();
    await waitUntilClosed(() => subscription.feed.closed);
  });

  it('refuses ALL to a tenant admin with FORBIDDEN', async () => {
    const { client } = connect(`Bearer ${await tokenOf(acmeAdmin)}`);
    const { results } = subscribe(client, 'subscription { notifications(scope: ALL) { cursor } }');
    expect((await results.next()).errors?.[0]).toMatchObject({
      message: 'Only root administrators can follow ALL notifications',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(edge.readSide.feeds).toEqual([]);
  });

  it('runs queries and mutations over the socket too, with the same plugins', async () => {
    const { client } = connect(`Bearer ${await tokenOf(acmeAdmin)}`);
    const { results } = subscribe(client, '{ me { id tenantId } tenants { id } }');
    expect((await results.next()).data).toEqual({
      me: { id: 'acme-admin', tenantId: 'acme' },
      tenants: [{ id: 'acme' }],
    });
  });

  it('closes the sockets of a tenant as soon as it is deactivated', async () => {
    const { closed } = connect(`Bearer ${await tokenOf(acmeAdmin)}`);
    const watcher = await waitForTenantFeed(edge, 'acme');
    watcher.feed.push(tenantView('acme', { isActive: false }));
    expect(await closed.next()).toEqual({ code: 4403, reason: 'Forbidden' });
  });
});

const waitUntilClosed = async (closed: () => boolean) => {
  const { waitUntil } = await import('@tenantry/testing');
  await waitUntil(closed, { within: '5s', description: 'the feed to be closed' });
};
const waitForFeed = async (fixture: Edge) => {
  const { waitFor } = await import('@tenantry/testing');
  return waitFor(() => fixture.readSide.feeds[0], Boolean, {
    within: '5s',
    description: 'a notification feed',
  }) as Promise<Edge['readSide']['feeds'][number]>;
};
const waitForTenantFeed = async (fixture: Edge, tenantId: string) => {
  const { waitFor } = await import('@tenantry/testing');
  return waitFor(() => fixture.readSide.tenantFeeds.find((f) => f.tenantId === tenantId), Boolean, {
    within: '5s',
    description: `tenantChanges(${tenantId})`,
  }) as Promise<Edge['readSide']['tenantFeeds'][number]>;
};
