import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Inbox } from '@tenantry/testing';
import { NOTIFICATION_FIELDS, NotificationResult } from '../graphql-client';

/**
 * A user's notification socket as a careful client keeps it: when the connection is lost
 * it opens a new one and subscribes `after` the last cursor it saw, so it misses nothing
 * and, if the gateway keeps its promise, receives nothing twice.
 */
export class ResumingFeed {
  readonly notifications = new Inbox<NotificationResult>();
  /** How many times the socket was lost and opened again. */
  resumed = 0;
  private client: Client | undefined;
  private generation = 0;
  private closed = false;
  private cursor: string | undefined;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {
    this.open();
  }

  private open(): void {
    const generation = ++this.generation;
    const lost = () => {
      if (this.closed || generation !== this.generation) return;
      this.resumed += 1;
      void this.client?.dispose();
      // A new socket at once: the gateway itself may still be unreachable, and then that one is lost too.
      setTimeout(() => this.open(), 200);
    };
    this.client = createClient({
      url: this.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: lost,
      on: { closed: lost },
    });
    this.client.subscribe<{ notifications: NotificationResult }>(
      {
        query: `subscription($after: Cursor) { notifications(after: $after, scope: MINE) { ${NOTIFICATION_FIELDS} } }`,
        variables: { after: this.cursor },
      },
      {
        next: (result) => {
          const note = result.data?.notifications;
          if (!note || generation !== this.generation) return;
          this.cursor = note.cursor;
          this.notifications.push(note);
        },
        error: lost,
        complete: lost,
      },
    );
  }

  async dispose(): Promise<void> {
    this.closed = true;
    await this.client?.dispose();
  }
}
