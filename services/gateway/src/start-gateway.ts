import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import type { NatsConnection } from 'nats';
import { Config, createLogger, tenantsDatabaseUrl } from '@tenantry/config';
import { connectNats, natsNames } from '@tenantry/messaging';
import type { Logger } from 'pino';
import { createAuthenticator } from './auth';
import { createAdministrators } from './app/administrators';
import { createNotifications } from './app/notifications';
import { createSessions } from './app/sessions';
import { createTenants } from './app/tenants';
import { createCommandClient } from './commands/command-client';
import type { GatewayServices } from './graphql/context';
import { attachGraphQLWebSocket } from './graphql/websocket';
import { createGatewayYoga, GRAPHQL_PATH } from './graphql/yoga';
import { createGatewayServer } from './http/gateway-server';
import { createConsoleHandler } from './http/console-static';
import { createHealthHandler } from './http/health';
import { openReadSide, ReadSide } from './read-side';
import { createRestHandler } from './rest/rest-handler';
import { loggableError } from './errors';
import { TenantUsers, tenantUsersInDatabases } from './tenant-users/tenant-users';
import { createTenantSocketGuard } from './graphql/tenant-socket-guard';

export interface RunningGateway {
  /** e.g. http://localhost:4000/graphql (also the WebSocket endpoint, as ws://). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface GatewayOverrides {
  logger?: Logger;
  /** Tests may pass their own read side or tenant users; otherwise the real ones start. */
  readSide?: ReadSide;
  users?: TenantUsers;
  commandTimeoutMs?: number;
}

/**
 * Starts the gateway: NATS and PostgreSQL connections, the read side, GraphQL over
 * HTTP and WebSocket, the REST facade and health endpoints, on `config.PORT` (0: any).
 */
export async function startGateway(config: Config, overrides: GatewayOverrides = {}): Promise<RunningGateway> {
  const logger = overrides.logger ?? createLogger('gateway', config.LOG_LEVEL);
  const names = natsNames(config.NATS_PREFIX);
  const nats = await connectNats({ url: config.NATS_URL, name: 'gateway' });
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 2, connectionTimeoutMillis: 3_000 });
  pool.on('error', (error) => logger.warn({ err: loggableError(error) }, 'idle PostgreSQL client failed'));
  const cleanups: (() => Promise<unknown>)[] = [() => nats.drain().catch(() => undefined), () => pool.end()];
  try {
    const readSide = overrides.readSide ?? (await openReadSide({ config, nats, logger }));
    if (!overrides.readSide) cleanups.unshift(() => readSide.close());
    const users = overrides.users ?? tenantUsersInDatabases({ tenantsDatabaseUrl: tenantsDatabaseUrl(config), secretsKey: config.SECRETS_KEY });
    if (!overrides.users) cleanups.unshift(() => users.close());

    const { queries, feed } = readSide;
    const commands = createCommandClient(nats, { names, timeoutMs: overrides.commandTimeoutMs });
    const services: GatewayServices = {
      queries,
      tenants: createTenants(queries, commands),
      notifications: createNotifications(queries, feed),
      sessions: createSessions({ queries, users, jwtSecret: config.JWT_SECRET, ttlSeconds: config.JWT_TTL_SECONDS, logger }),
      administrators: createAdministrators({ queries, users }),
    };
    const authenticator = createAuthenticator({ jwtSecret: config.JWT_SECRET, tenant: (id) => queries.tenant(id) });
    const yoga = createGatewayYoga({ services, authenticator, logger, graphiql: config.NODE_ENV === 'development' });
    const server = createGatewayServer({
      graphql: yoga,
      rest: createRestHandler({ services, authenticator, logger }),
      health: createHealthHandler({ postgres: () => pool.query('select 1').then(() => undefined), nats: () => natsAnswers(nats) }),
      console: createConsoleHandler(),
    });
    const guard = createTenantSocketGuard(feed, logger);
    const websocket = attachGraphQLWebSocket(server, { yoga, authenticator, logger, onAccepted: (socket, p) => guard.watch(socket, p.tenantId) });
    cleanups.unshift(() => guard.close(), () => websocket.close());

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, () => resolve());
    });
    cleanups.unshift(() => closeServer(server));
    const port = (server.address() as AddressInfo).port;
    const url = `http://localhost:${port}${GRAPHQL_PATH}`;
    logger.info({ url, prefix: config.NATS_PREFIX || '(none)' }, 'gateway is listening');
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      close: () => (closing ??= runAll(cleanups)),
    };
  } catch (error) {
    await runAll(cleanups);
    throw error;
  }
}

async function runAll(cleanups: (() => Promise<unknown>)[]): Promise<void> {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
}

const natsAnswers = async (nats: NatsConnection): Promise<void> => {
  if (nats.isClosed()) throw new Error('NATS connection closed');
  await nats.flush();
};

function closeServer(server: import('node:http').Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
