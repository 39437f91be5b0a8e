import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, GraphQLError } from 'graphql';
// graphql-ws's server, not a React hook.
import { useServer as serveGraphQLOverWebSocket } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { waitUntil } from '@tenantry/testing';
import type { NotificationDetailFragment as Notification } from '../api/generated/graphql';
import { openLiveConnection, type ConnectionState, type LiveConnection, type LiveEnvironment } from './live-connection';

/**
 * The rule the console's live connection keeps, one test per sentence:
 * 1. the notification feed starts after the cursor the tab kept, or from now without one
 *    (or when the server does not know it);
 * 2. after a lost socket it subscribes again after the last cursor it saw, and asks the pages to refetch;
 * 3. going offline ends the socket at once, and nothing is tried until the network is back;
 * 4. a refused token (4401) signs out instead of retrying.
 */
const schema = buildSchema(`
  scalar Cursor
  enum NotificationScope { MINE ALL }
  type Notification { cursor: Cursor! type: String! tenantId: ID! operationId: ID! message: String! error: String step: String occurredAt: String! }
  type Tenant { id: ID! }
  type Query { ok: Boolean }
  type Subscription {
    notifications(after: Cursor, scope: NotificationScope): Notification!
    tenantChanged(id: ID!): Tenant!
  }
`);

/** A graphql-ws server whose notification feed replays what comes after `after` and then follows live. */
class FakeGateway {
  readonly subscriptions: { after: string | null; scope: string }[] = [];
  private readonly published: Notification[] = [];
  private readonly listeners = new Set<() => void>();
  private server!: Server;
  private wss!: WebSocketServer;
  refuseTokens = false;
  url = '';

  async start(): Promise<void> {
    this.server = createServer();
    this.wss = new WebSocketServer({ server: this.server, path: '/graphql' });
    const feed = this.feed.bind(this);
    serveGraphQLOverWebSocket(
      {
        schema,
        roots: { subscription: { notifications: feed, tenantChanged: async function* () {} } },
        onConnect: (ctx) => {
          if (this.refuseTokens) ctx.extra.socket.close(4401, 'Unauthorized');
          return !this.refuseTokens;
        },
      },
      this.wss,
    );
    await new Promise<void>((resolve) => this.server.listen(0, resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  publish(cursor: string): void {
    this.published.push({
      cursor,
      type: 'TENANT_CREATED',
      tenantId: 'acme',
      operationId: 'op',
      message: `#${cursor}`,
      error: null,
      step: null,
      occurredAt: new Date().toISOString(),
    });
    this.listeners.forEach((wake) => wake());
  }

  openSockets = (): number => [...this.wss.clients].filter((s) => s.readyState === WebSocket.OPEN).length;

  /** Ends every socket as a network failure would. */
  dropSockets(): void {
    this.wss.clients.forEach((socket: WebSocket) => socket.terminate());
  }

  async stop(): Promise<void> {
    this.dropSockets();
    await new Promise((resolve) => this.wss.close(resolve));
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Refuses a cursor it never gave out, as the gateway does (BAD_USER_INPUT). */
  private feed(args: { after?: string | null; scope: string }) {
    this.subscriptions.push({ after: args.after ?? null, scope: args.scope });
    const known = args.after == null || this.published.some((n) => n.cursor === args.after);
    if (!known) throw new GraphQLError('Not a cursor this feed gave out.', { extensions: { code: 'BAD_USER_INPUT' } });
    return this.follow(
      args.after == null ? this.published.length : this.published.findIndex((n) => n.cursor === args.after) + 1,
    );
  }

  private async *follow(from: number) {
    let next = from;
    for (;;) {
      while (next < this.published.length) yield { notifications: this.published[next++] };
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.listeners.delete(wake);
          resolve();
        };
        this.listeners.add(wake);
      });
    }
  }
}

/** A network that a test switches off and on. */
class FakeNetwork implements LiveEnvironment {
  online = true;
  private readonly listeners = { online: new Set<() => void>(), offline: new Set<() => void>() };
  isOnline = () => this.online;
  on(event: 'online' | 'offline', listener: () => void) {
    this.listeners[event].add(listener);
    return () => void this.listeners[event].delete(listener);
  }
  set(online: boolean): void {
    this.online = online;
    this.listeners[online ? 'online' : 'offline'].forEach((listener) => listener());
  }
}

describe('live connection', () => {
  let gateway: FakeGateway;
  let network: FakeNetwork;
  let live: LiveConnection | undefined;
  let states: ConnectionState[];
  let received: string[];
  let resyncs: number;

  const open = (initialCursor?: string) => {
    live = openLiveConnection({
      url: gateway.url,
      token: 't',
      followAll: false,
      initialCursor,
      environment: network,
      webSocketImpl: WebSocket,
      onState: (state) => states.push(state),
      onNotification: (n) => received.push(n.cursor),
      onChange: () => undefined,
      onResync: () => resyncs++,
    });
  };
  const until = (what: string, condition: () => boolean) => waitUntil(condition, { within: '5s', description: what });
  const lastState = () => states[states.length - 1];

  beforeEach(async () => {
    gateway = new FakeGateway();
    await gateway.start();
    network = new FakeNetwork();
    states = [];
    received = [];
    resyncs = 0;
  });
  afterEach(async () => {
    live?.close();
    live = undefined;
    await gateway.stop();
  });

  it('starts from now without a cursor, and after the kept cursor with one', async () => {
    gateway.publish('1');
    gateway.publish('2');
    open('1');
    await until('the replay after cursor 1', () => received.join() === '2');
    expect(gateway.subscriptions).toEqual([{ after: '1', scope: 'MINE' }]);
    expect(lastState()).toBe('live');
  });

  it('subscribes again after the last cursor it saw when the socket is lost, and asks for a refetch', async () => {
    open();
    await until('live', () => lastState() === 'live' && gateway.subscriptions.length === 1);
    gateway.publish('1');
    gateway.publish('2');
    await until('two notifications', () => received.length === 2);
    gateway.dropSockets();
    gateway.publish('3'); // while the console is away
    await until('the resubscription', () => gateway.subscriptions.length === 2 && lastState() === 'live');
    await until('the missed notification', () => received.length === 3);
    expect(gateway.subscriptions).toEqual([
      { after: null, scope: 'MINE' },
      { after: '2', scope: 'MINE' },
    ]);
    expect(received).toEqual(['1', '2', '3']);
    expect(states).toContain('reconnecting');
    expect(resyncs).toBe(1);
  });

  it('ends the socket when the network goes, and tries again only when it is back', async () => {
    open();
    await until('live', () => lastState() === 'live' && gateway.subscriptions.length === 1);
    network.online = false;
    network.set(false);
    await until('offline', () => lastState() === 'offline' && gateway.openSockets() === 0);
    expect(gateway.subscriptions).toHaveLength(1);
    network.set(true);
    await until('live again', () => lastState() === 'live' && gateway.subscriptions.length === 2);
    expect(resyncs).toBe(1);
  });

  it('starts from now when the server does not know the kept cursor', async () => {
    open('999');
    await until('the fresh subscription', () => gateway.subscriptions.length === 2);
    expect(gateway.subscriptions).toEqual([
      { after: '999', scope: 'MINE' },
      { after: null, scope: 'MINE' },
    ]);
    gateway.publish('1');
    await until('the next notification', () => received.join() === '1');
  });

  it('signs out on a refused token instead of retrying', async () => {
    gateway.refuseTokens = true;
    open();
    await until('unauthorized', () => lastState() === 'unauthorized');
    expect(gateway.subscriptions).toHaveLength(0);
  });
});
