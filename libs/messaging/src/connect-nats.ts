import { connect, ConnectionOptions, NatsConnection } from 'nats';

export interface ConnectNatsOptions extends Omit<ConnectionOptions, 'servers' | 'name'> {
  /** e.g. `nats://127.0.0.1:4222`; several may be given comma-separated. */
  url: string;
  /** Shows in the server's connection list, e.g. the service name. */
  name: string;
}

/** Connects and keeps reconnecting for as long as the process runs. */
export function connectNats({ url, name, ...options }: ConnectNatsOptions): Promise<NatsConnection> {
  return connect({
    servers: url.split(',').map((server) => server.trim()),
    name,
    maxReconnectAttempts: -1,
    ...options,
  });
}
