import WebSocket from 'ws';
import { now } from './stats';

export const NOTIFICATIONS_SUBSCRIPTION =
  'subscription($scope: NotificationScope) { notifications(scope: $scope) { cursor type tenantId operationId } }';

export interface Arrival {
  type: string;
  tenantId: string;
  operationId: string;
  /** When the message was read off the socket (bench clock, ms). */
  at: number;
}

/**
 * A minimal graphql-transport-ws client (the graphql-ws protocol): connection_init
 * with the token, one `notifications` subscription, every `next` handed to onArrival.
 * Lighter than a full client, so 10,000 of them fit in the bench process and the
 * figures measure the gateway.
 */
export class NotificationSocket {
  private socket: WebSocket | undefined;
  closed = false;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly onArrival: (arrival: Arrival) => void,
  ) {}

  /** Resolves once the subscription is registered (connection acked, subscribe sent, interest flushed by a round trip). */
  open(timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url.replace(/^http/, 'ws'), 'graphql-transport-ws', {
        perMessageDeflate: false,
      });
      this.socket = socket;
      const timer = setTimeout(() => {
        reject(new Error('graphql-ws: no connection_ack in time'));
        socket.terminate();
      }, timeoutMs);
      socket.on('open', () =>
        socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${this.token}` } })),
      );
      socket.on('message', (raw) => {
        const at = now();
        // ws's default binaryType: a text frame arrives as one Buffer.
        const message = JSON.parse((raw as Buffer).toString('utf8')) as {
          type: string;
          id?: string;
          payload?: { data?: { notifications?: { type: string; tenantId: string; operationId: string } } };
        };
        if (message.type === 'connection_ack') {
          socket.send(
            JSON.stringify({
              id: '1',
              type: 'subscribe',
              payload: { query: NOTIFICATIONS_SUBSCRIPTION, variables: { scope: 'MINE' } },
            }),
          );
          // A ping round trip after subscribe: the server has handled the subscribe message by the pong.
          socket.send(JSON.stringify({ type: 'ping' }));
        } else if (message.type === 'pong') {
          clearTimeout(timer);
          resolve();
        } else if (message.type === 'ping') {
          socket.send(JSON.stringify({ type: 'pong' }));
        } else if (message.type === 'next') {
          const n = message.payload?.data?.notifications;
          if (n) this.onArrival({ type: n.type, tenantId: n.tenantId, operationId: n.operationId, at });
        } else if (message.type === 'error') {
          clearTimeout(timer);
          reject(new Error(`graphql-ws error: ${JSON.stringify(message.payload)}`));
        }
      });
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.on('close', (code, reason) => {
        this.closed = true;
        clearTimeout(timer);
        reject(new Error(`graphql-ws closed ${code} ${reason.toString()}`));
      });
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.terminate();
  }
}

/**
 * Waits for notifications by operation id: remembers arrivals that came before
 * anyone asked (a notification can beat the HTTP reply).
 */
export class NotificationHub {
  private readonly arrived = new Map<string, Arrival>();
  private readonly waiting = new Map<string, (arrival: Arrival) => void>();
  /** Every arrival, for listeners such as the throughput loop. */
  listeners = new Set<(arrival: Arrival) => void>();

  constructor(private readonly types: readonly string[]) {}

  readonly push = (arrival: Arrival): void => {
    for (const listener of this.listeners) listener(arrival);
    if (!this.types.includes(arrival.type)) return;
    const key = `${arrival.operationId}`;
    const waiter = this.waiting.get(key);
    if (waiter) {
      this.waiting.delete(key);
      waiter(arrival);
    } else {
      this.arrived.set(key, arrival);
      if (this.arrived.size > 100_000) this.arrived.clear();
    }
  };

  /** The arrival of a notification of one of the hub's types for this operation. */
  next(operationId: string, timeoutMs = 30_000): Promise<Arrival> {
    const early = this.arrived.get(operationId);
    if (early) {
      this.arrived.delete(operationId);
      return Promise.resolve(early);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(operationId);
        reject(
          new Error(`no ${this.types.join('/')} notification for operation ${operationId} within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.waiting.set(operationId, (arrival) => {
        clearTimeout(timer);
        resolve(arrival);
      });
    });
  }
}
