import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Inbox } from '@tenantry/testing';

export interface GraphQLResponse<T = any> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; fields?: { field: string; message: string }[] } }[];
}

/** POSTs one operation to the gateway's /graphql. */
export async function graphql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

/** Calls the REST facade; the body parsed as JSON. */
export async function rest(url: string, method: string, path: string, token?: string, body?: unknown) {
  const base = url.replace(/\/graphql$/, '');
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}

export interface NotificationResult {
  cursor: string;
  type: string;
  tenantId: string;
  operationId: string;
  message: string;
  error: string | null;
  step: string | null;
}

export const NOTIFICATION_FIELDS = 'cursor type tenantId operationId message error step';

/** A real graphql-ws client (the `ws` implementation), its close events kept. */
export function socketClient(url: string, token: string) {
  const closed = new Inbox<{ code: number; reason: string }>();
  const client: Client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { closed: (event) => closed.push({ code: (event as CloseEvent).code, reason: (event as CloseEvent).reason }) },
  });
  return { client, closed, dispose: () => client.dispose() };
}

/** Subscribes and queues every result (data or errors) and the end of the stream. */
export function follow<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const results = new Inbox<GraphQLResponse<T>>();
  const ended = new Inbox<unknown>();
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => results.push(result as GraphQLResponse<T>),
      error: (error) => ended.push(error),
      complete: () => ended.push('complete'),
    },
  );
  return { results, ended, unsubscribe };
}

/** `notifications(after, scope)` as a queue of notifications (and one of errors). */
export function followNotifications(client: Client, options: { after?: string; scope?: 'MINE' | 'ALL' } = {}) {
  const notifications = new Inbox<NotificationResult>();
  const errors = new Inbox<NonNullable<GraphQLResponse['errors']>>();
  const ended = new Inbox<unknown>();
  const unsubscribe = client.subscribe<{ notifications: NotificationResult }>(
    {
      query: `subscription($after: Cursor, $scope: NotificationScope) { notifications(after: $after, scope: $scope) { ${NOTIFICATION_FIELDS} } }`,
      variables: { after: options.after, scope: options.scope ?? 'MINE' },
    },
    {
      next: (result) => {
        if (result.errors) errors.push(result.errors as never);
        if (result.data?.notifications) notifications.push(result.data.notifications);
      },
      error: (error) => ended.push(error),
      complete: () => ended.push('complete'),
    },
  );
  return { notifications, errors, ended, unsubscribe };
}
