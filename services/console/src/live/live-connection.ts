import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { NOTIFICATIONS_SUBSCRIPTION, TENANT_CHANGED_SUBSCRIPTION } from '../api/documents';
import {
  NotificationScope,
  type NotificationDetailFragment as Notification,
  type TenantDetailFragment as TenantDetail,
} from '../api/generated/graphql';
import { CursorTracker } from '../logic/cursor';
import { nextRetryDelay } from './retry';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'unauthorized';

export interface LiveConnectionOptions {
  url: string;
  token: string;
  /** Root administrators also follow scope ALL, only to keep lists fresh (toasts stay MINE). */
  followAll: boolean;
  /** The last cursor this tab saw before (kept across reloads): the first subscribe resumes after it. */
  initialCursor?: string;
  onState(state: ConnectionState): void;
  /** The caller's own notifications, each once, in order; `cursor` is then the resume point. */
  onNotification(notification: Notification): void;
  /** Anyone's notification (scope ALL) or a change seen after a reconnect: time to refetch. */
  onChange(tenantId?: string): void;
  /** Connected again after a loss: what was missed should be refetched. */
  onResync(): void;
  /** The browser by default; specs pass their own network and WebSocket. */
  environment?: LiveEnvironment;
  webSocketImpl?: unknown;
}

/** Whether the network is up, and word when that changes. */
export interface LiveEnvironment {
  isOnline(): boolean;
  on(event: 'online' | 'offline', listener: () => void): () => void;
}

export const browserEnvironment: LiveEnvironment = {
  isOnline: () => navigator.onLine,
  on(event, listener) {
    window.addEventListener(event, listener);
    return () => window.removeEventListener(event, listener);
  },
};

export interface LiveConnection {
  followTenant(id: string, onTenant: (tenant: TenantDetail) => void): () => void;
  close(): void;
}

interface Feed {
  request(): { query: string; variables: Record<string, unknown> };
  next(data: unknown): void;
  /** The server refused the subscription (not a lost socket): true to subscribe again at once. */
  refused?(): boolean;
  stop?: () => void;
}

/** A subscription's feed, typed by its document: variables asked afresh at each (re)subscribe. */
function feedOf<TResult, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TResult, TVariables>,
  feed: { variables(): TVariables; next(data: TResult): void; refused?: () => boolean },
): Feed {
  const query = print(document);
  return {
    request: () => ({ query, variables: feed.variables() }),
    // The gateway answers by the same schema the document was checked against.
    next: (data) => feed.next(data as TResult),
    ...(feed.refused ? { refused: feed.refused } : {}),
  };
}

const PONG_TIMEOUT_MS = 4_000;
const isCloseEvent = (value: unknown): value is { code: number } =>
  typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'number';

/**
 * One graphql-ws socket for the whole console. The rule it keeps: every feed is
 * (re)subscribed after each connect, the notification feed with `after` = the last
 * cursor seen, so a reconnect replays exactly what was missed; after a reconnect
 * the pages are told to refetch. graphql-ws itself does not retry (it would resend
 * the first cursor); this module does, with backoff, or as soon as the browser is
 * back online. A ping without pong, or the browser going offline, ends the socket.
 */
export function openLiveConnection(options: LiveConnectionOptions): LiveConnection {
  const environment = options.environment ?? browserEnvironment;
  let cursor = new CursorTracker(options.initialCursor);
  const feeds = new Set<Feed>();
  let closed = false;
  let everConnected = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let state: ConnectionState | undefined;
  const setState = (next: ConnectionState) => {
    if (next !== state) options.onState((state = next));
  };

  const client: Client = createClient({
    url: options.url,
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
    connectionParams: { authorization: `Bearer ${options.token}` },
    lazy: true,
    lazyCloseTimeout: 1_000,
    retryAttempts: 0,
    keepAlive: 5_000,
    on: {
      connecting: () => setState(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        attempt = 0;
        setState('live');
        if (everConnected) options.onResync();
        everConnected = true;
      },
      ping: (received) => {
        if (!received) pongTimer = setTimeout(() => client.terminate(), PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      closed: (event) => {
        clearTimeout(pongTimer);
        if (isCloseEvent(event) && (event.code === 4401 || event.code === 4403)) {
          closed = true;
          setState('unauthorized');
        }
      },
    },
  });

  const start = (feed: Feed) => {
    // graphql-ws reports a refusal as an error, or as a result with errors then complete.
    let refusedByServer = false;
    const ended = () => {
      if (feed.stop === stop) feed.stop = undefined;
    };
    const retryIfRefused = () => {
      if (refusedByServer && feeds.has(feed) && feed.refused?.()) start(feed);
    };
    const stop = client.subscribe(feed.request(), {
      next: (result) => {
        if (result.data) feed.next(result.data);
        else if (result.errors?.length) refusedByServer = true;
      },
      // A closed socket ends every feed: all of them start again together.
      error: (error) => {
        ended();
        if (isCloseEvent(error)) return scheduleReconnect();
        refusedByServer = true;
        retryIfRefused();
      },
      complete: () => {
        ended();
        retryIfRefused();
      },
    });
    feed.stop = stop;
  };

  const reconnect = () => {
    retryTimer = undefined;
    if (closed) return;
    for (const feed of feeds) if (!feed.stop) start(feed);
  };

  function scheduleReconnect() {
    if (closed || retryTimer) return;
    if (!environment.isOnline()) return setState('offline'); // `online` reconnects
    setState('reconnecting');
    retryTimer = setTimeout(reconnect, nextRetryDelay(attempt++));
  }

  const goOffline = () => {
    setState('offline');
    client.terminate();
  };
  const goOnline = () => {
    clearTimeout(retryTimer);
    attempt = 0;
    reconnect();
  };
  const unlisten = [environment.on('offline', goOffline), environment.on('online', goOnline)];

  const add = (feed: Feed) => {
    feeds.add(feed);
    start(feed);
    return () => {
      feeds.delete(feed);
      feed.stop?.();
    };
  };

  add(
    feedOf(NOTIFICATIONS_SUBSCRIPTION, {
      variables: () => ({ after: cursor.last ?? null, scope: NotificationScope.Mine }),
      next: ({ notifications: notification }) => {
        if (!cursor.accept(notification.cursor)) return;
        options.onNotification(notification);
        options.onChange(notification.tenantId);
      },
      // A kept cursor the server does not know (e.g. another installation): start from now instead.
      refused: () => {
        if (cursor.last === undefined) return false;
        cursor = new CursorTracker();
        return true;
      },
    }),
  );
  if (options.followAll) {
    // Only to refresh lists: a missed one is covered by the refetch after reconnecting.
    add(
      feedOf(NOTIFICATIONS_SUBSCRIPTION, {
        variables: () => ({ after: null, scope: NotificationScope.All }),
        next: ({ notifications }) => options.onChange(notifications.tenantId),
      }),
    );
  }

  return {
    followTenant: (id, onTenant) =>
      add(
        feedOf(TENANT_CHANGED_SUBSCRIPTION, {
          variables: () => ({ id }),
          next: ({ tenantChanged }) => onTenant(tenantChanged),
        }),
      ),
    close() {
      closed = true;
      clearTimeout(retryTimer);
      unlisten.forEach((stop) => stop());
      for (const feed of feeds) feed.stop?.();
      feeds.clear();
      void client.dispose();
    },
  };
}
