import { readFileSync } from 'node:fs';
import { ConnectionOptions, credsAuthenticator, NatsConnection } from 'nats';
import { connectCoalescing } from './write-coalescing-transport';

export interface ConnectNatsOptions extends Omit<ConnectionOptions, 'servers' | 'name'> {
  /** e.g. `nats://127.0.0.1:4222`; several may be given comma-separated. */
  url: string;
  /** Shows in the server's connection list, e.g. the service name. */
  name: string;
  /** A .creds file (user JWT and nkey seed), read when connecting; instead of `user`/`pass`. */
  credsFile?: string;
}

/**
 * The options of every Tenantry connection to NATS: servers, credentials, TLS, and
 * reconnecting for as long as the process runs. The NestJS NATS transport takes them too.
 */
export function natsConnectionOptions({ url, name, credsFile, ...options }: ConnectNatsOptions): ConnectionOptions {
  return {
    servers: url.split(',').map((server) => server.trim()),
    name,
    maxReconnectAttempts: -1,
    // Otherwise every request and JetStream publish builds an Error for its stack, in case it fails.
    noAsyncTraces: true,
    ...(credsFile ? { authenticator: credsAuthenticator(new Uint8Array(readFileSync(credsFile))) } : {}),
    ...options,
  };
}

/** Connects and keeps reconnecting for as long as the process runs; one turn's writes go out together. */
export function connectNats(options: ConnectNatsOptions): Promise<NatsConnection> {
  return connectCoalescing(natsConnectionOptions(options));
}

/** The NATS_* settings (libs/config) that say where NATS is and who this process is to it. */
export interface NatsAccessSettings {
  NATS_URL: string;
  NATS_USER?: string;
  NATS_PASSWORD?: string;
  NATS_CREDS?: string;
  NATS_TLS_CA?: string;
  NATS_TLS_CERT?: string;
  NATS_TLS_KEY?: string;
}

/** `connectNats` options from the settings: credentials and TLS only when they are set. */
export function natsAccess(
  settings: NatsAccessSettings,
): Pick<ConnectNatsOptions, 'url' | 'user' | 'pass' | 'credsFile' | 'tls'> {
  const tls =
    settings.NATS_TLS_CA || settings.NATS_TLS_CERT
      ? { caFile: settings.NATS_TLS_CA, certFile: settings.NATS_TLS_CERT, keyFile: settings.NATS_TLS_KEY }
      : undefined;
  return {
    url: settings.NATS_URL,
    ...(settings.NATS_USER !== undefined ? { user: settings.NATS_USER, pass: settings.NATS_PASSWORD } : {}),
    ...(settings.NATS_CREDS ? { credsFile: settings.NATS_CREDS } : {}),
    ...(tls ? { tls: Object.fromEntries(Object.entries(tls).filter(([, file]) => file)) } : {}),
  };
}
