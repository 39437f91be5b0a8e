import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Inbox } from '@tenantry/testing';
import { NOTIFICATION_FIELDS, NotificationResult } from './graphql-client';
import type { LoadBalancer } from './load-balancer';

const SUBSCRIPTION = `subscription($after: Cursor) { notifications(after: $after, scope: MINE) { ${NOTIFICATION_FIELDS} } }`;

/**
 * A browser tab's notification feed behind a load balancer: when its gateway goes away
 * (1001 Going Away on a restart), it connects to another and resumes after the last
 * cursor it saw, as the console does.
 */
export class ResumingFeed {
  readonly notifications = new Inbox<NotificationResult>();
  /** Errors the gateway sent on the subscription (there should be none). */
  readonly errors: unknown[] = [];
  reconnections = 0;
  /**
   * Where the next subscription starts. At first cursor 0, the user's whole history: the
   * specs' users are new, so that is nothing; and a reconnection before the first
   * notification then misses nothing (without a cursor it would start at that moment).
   */
  private lastCursor = '0';
  private client: Client | undefined;
  private closed = false;
  private subscribed!: Promise<void>;

  constructor(
    private readonly balancer: LoadBalancer,
    private readonly token: string,
    private readonly label: string,
  ) {
    this.connect();
  }

  /** Resolves once the first connection is acknowledged. */
  ready(): Promise<void> {
    return this.subscribed;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.dispose();
  }

  private connect(): void {
    if (this.closed) return;
    const { url } = this.balancer.next();
    let opened!: () => void;
    this.subscribed = new Promise<void>((resolve) => (opened = resolve));
    let gone = false;
    const reconnect = () => {
      if (gone || this.closed) return;
      gone = true;
      this.reconnections += 1;
      void client.dispose();
      setTimeout(() => this.connect(), 50);
    };
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: reconnect,
      on: { connected: () => opened(), closed: reconnect },
    });
    this.client = client;
    client.subscribe<{ notifications: NotificationResult }>(
      { query: SUBSCRIPTION, variables: { after: this.lastCursor } },
      {
        next: (result) => {
          const notification = result.data?.notifications;
          if (!notification) return void this.errors.push({ feed: this.label, errors: result.errors });
          this.lastCursor = notification.cursor;
          this.notifications.push(notification);
        },
        error: reconnect,
        complete: reconnect,
      },
    );
  }
}
