import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Pool } from 'pg';
import type { NatsConnection } from 'nats';
import { principalKey, principalKeyOf } from '@tenantry/auth';
import { Config, createLogger, jwtSecretsOf, tenantsDatabaseUrl } from '@tenantry/config';
import { connectNats, natsAccess, natsNames } from '@tenantry/messaging';
import { createHealthHandler, initTracing, startOpsServer } from '@tenantry/observability';
import type { Logger } from 'pino';
import { createAuthenticator } from './auth';
import { createAdministrators } from './app/administrators';
import { createNotifications } from './app/notifications';
import { createPreferences } from './app/preferences';
import { createSessions } from './app/sessions';
import { createTenants } from './app/tenants';
import { loginThrottleIn } from './app/login-throttle';
import { createCommandClient } from './commands/command-client';
import type { GatewayServices } from './graphql/context';
import { attachGraphQLWebSocket } from './graphql/websocket';
import { createGatewayYoga, documentLimitsOf, GRAPHQL_PATH } from './graphql/yoga';
import { createGatewayServer } from './http/gateway-server';
import { createConsoleHandler } from './http/console-static';
import { openReadSide, ReadSide } from './read-side';
import { createRestHandler } from './rest/rest-handler';
import { loggableError } from './errors';
import { TenantUsers, tenantUsersInDatabases } from './tenant-users/tenant-users';
import { TenantSchemas, tenantSchemasInDatabases } from './tenant-schema/tenant-schemas';
import { allTenantMigrationNames } from '@tenantry/tenant-database';
import { createTenantSocketGuard } from './graphql/tenant-socket-guard';
import { prepareSchema } from '@tenantry/postgres';
import { gatewayMigrations } from './control-plane-schema';
import { sqlPreferencesStore } from './gateway-state/notification-preferences';
import { rememberQuietly, sqlUserDirectory } from './gateway-state/user-directory';
import { createPresence } from './gateway-state/presence';
import { gatewayMetrics } from './metrics/gateway-metrics';
import { startConfiguredEmailFallback } from './email/configured-email-fallback';

export interface RunningGateway {
  /** e.g. http://localhost:4000/graphql (also the WebSocket endpoint, as ws://). */
  url: string;
  port: number;
  /**
   * Graceful: stops accepting connections, closes sockets with 1001 Going Away, lets
   * the projector finish its batch and the mailer its email, then disconnects.
   */
  close(): Promise<void>;
}

export interface GatewayOverrides {
  logger?: Logger;
  /** Tests may pass their own read side or tenant users; otherwise the real ones start. */
  readSide?: ReadSide;
  users?: TenantUsers;
  schemas?: TenantSchemas;
  commandTimeoutMs?: number;
}

/**
 * Starts the gateway: NATS and PostgreSQL connections, the read side, GraphQL over
 * HTTP and WebSocket, the REST facade, health and metrics endpoints, presence and the
 * email fallback, on `config.PORT` (0: any).
 */
export async function startGateway(config: Config, overrides: GatewayOverrides = {}): Promise<RunningGateway> {
  const logger = overrides.logger ?? createLogger('gateway', config.LOG_LEVEL);
  const tracing = initTracing('gateway', config.OTEL_EXPORTER_OTLP_ENDPOINT);
  const names = natsNames(config.NATS_PREFIX);
  // The names only (no migration code runs here), read once: a bad folder stops the start.
  const knownMigrations = allTenantMigrationNames(config.TENANT_MIGRATIONS_DIR);
  const nats = await connectNats({
    ...natsAccess(config),
    name: 'gateway',
    inboxPrefix: names.inboxPrefix('gateway'),
    // nats.js otherwise captures two stack traces per request (each command) and per JetStream call.
    noAsyncTraces: true,
  });
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 6, connectionTimeoutMillis: 3_000 });
  pool.on('error', (error) => logger.warn({ err: loggableError(error) }, 'idle PostgreSQL client failed'));
  // Run in order on close; each step is added in front of what it depends on.
  const cleanups: (() => Promise<unknown>)[] = [
    () => nats.drain().catch(() => undefined),
    () => pool.end(),
    () => tracing.shutdown(),
  ];
  try {
    // Production: refuses to start on a schema that is behind (`npm run migrate`); otherwise migrates.
    await prepareSchema(pool, gatewayMigrations, {
      nodeEnv: config.NODE_ENV,
      onApplied: ({ component, name }) =>
        logger.info({ component, migration: name }, 'applied a control-plane migration'),
    });
    const readSide = overrides.readSide ?? (await openReadSide({ config, nats, logger }));
    if (!overrides.readSide) cleanups.unshift(() => readSide.close());
    const users =
      overrides.users ??
      tenantUsersInDatabases({ tenantsDatabaseUrl: tenantsDatabaseUrl(config), secretsKey: config.SECRETS_KEY });
    if (!overrides.users) cleanups.unshift(() => users.close());
    const schemas =
      overrides.schemas ??
      tenantSchemasInDatabases(
        { tenantsDatabaseUrl: tenantsDatabaseUrl(config), secretsKey: config.SECRETS_KEY },
        knownMigrations,
      );
    if (!overrides.schemas) cleanups.unshift(() => schemas.close());

    const { queries, feed, freshness } = readSide;
    const preferenceStore = sqlPreferencesStore(pool);
    const directory = sqlUserDirectory(pool);
    const remember = rememberQuietly(directory, (error) =>
      logger.warn({ err: loggableError(error) }, 'user directory could not be written'),
    );
    const presence = createPresence({
      pool,
      gatewayId: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      logger,
    });
    cleanups.unshift(() => presence.close());
    const metrics = gatewayMetrics({ nats, names, openSockets: () => presence.openSockets() });
    const emailFallback = startConfiguredEmailFallback({
      config,
      pool,
      nats,
      names,
      logger,
      queries,
      presence,
      preferences: preferenceStore,
      directory,
      metrics,
    });
    if (emailFallback) cleanups.unshift(() => emailFallback.stop());

    const commands = createCommandClient(nats, {
      names,
      timeoutMs: overrides.commandTimeoutMs,
      retry: { withinMs: config.COMMAND_RETRY_SECONDS * 1000 },
    });
    const preferences = createPreferences(preferenceStore);
    const services: GatewayServices = {
      queries,
      tenants: createTenants(queries, commands, {
        freshness,
        onActor: (by) => remember({ principal: principalKeyOf(by), email: by.email }),
      }),
      notifications: createNotifications(queries, feed, {
        receivesAll: (principal) => preferences.receivesAll(principal),
        onPushed: (notification) => metrics.notificationPushed(notification.type, notification.occurredAt),
      }),
      sessions: createSessions({
        throttle: loginThrottleIn(pool, {
          maxFailures: config.LOGIN_MAX_FAILURES,
          windowSeconds: config.LOGIN_WINDOW_SECONDS,
          maxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
        }),
        queries,
        users,
        jwtSecrets: jwtSecretsOf(config),
        ttlSeconds: config.JWT_TTL_SECONDS,
        logger,
        onLogin: (user) => remember({ principal: principalKey(user.tenantId, user.id), email: user.email }),
      }),
      administrators: createAdministrators({
        queries,
        users,
        onCreated: (user) => remember({ principal: principalKey(user.tenantId, user.id), email: user.email }),
      }),
      preferences,
      schemas,
    };
    const authenticator = createAuthenticator({ jwtSecrets: jwtSecretsOf(config), tenant: (id) => queries.tenant(id) });
    const yoga = createGatewayYoga({
      services,
      authenticator,
      logger,
      graphiql: config.NODE_ENV === 'development',
      onOperation: (operation) => metrics.graphqlOperation(operation),
      limits: documentLimitsOf(config),
      maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
    });
    const readiness = { postgres: () => pool.query('select 1').then(() => undefined), nats: () => natsAnswers(nats) };
    const server = createGatewayServer(
      {
        graphql: yoga,
        rest: createRestHandler({ services, authenticator, logger, onRequest: metrics.restRequest }),
        health: createHealthHandler(readiness),
        console: createConsoleHandler(),
      },
      { corsOrigins: config.CORS_ORIGINS, hsts: config.NODE_ENV === 'production' },
    );
    // /metrics on the operations port only, never on the public one.
    const ops = await startOpsServer({ port: config.METRICS_PORT, registry: metrics.registry, checks: readiness });
    cleanups.push(() => ops.close());
    const guard = createTenantSocketGuard(feed, logger);
    const websocket = attachGraphQLWebSocket(server, {
      yoga,
      authenticator,
      logger,
      maxPayloadBytes: config.WS_MAX_PAYLOAD_BYTES,
      maxConnectionsPerPrincipal: config.WS_MAX_CONNECTIONS_PER_USER,
      onAccepted: async (socket, principal) => {
        guard.watch(socket, principal.tenantId);
        const present = principalKeyOf(principal);
        const written = presence.connected(present);
        socket.once('close', () => presence.disconnected(present));
        await written;
      },
    });
    // Stop accepting first, then say goodbye to sockets (1001), then end the rest.
    const closer = serverCloser(server);
    cleanups.unshift(
      () => closer.stopAccepting(),
      () => websocket.close(),
      () => guard.close(),
      () => closer.finish(),
    );

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://localhost:${port}${GRAPHQL_PATH}`;
    logger.info(
      { url, prefix: config.NATS_PREFIX || '(none)', emailFallback: emailFallback !== undefined, opsPort: ops.port },
      'gateway is listening',
    );
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

/**
 * Closing the HTTP server in two steps: stop accepting (listening socket closed), and
 * later, once the WebSockets are closed, end idle keep-alive connections, give
 * requests in flight a few seconds, then end whatever is left.
 */
function serverCloser(server: Server) {
  let closed: Promise<void> | undefined;
  const stopAccepting = () => (closed ??= new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    // Does not wait for the server to close (finish does): the next cleanups run meanwhile.
    stopAccepting: () => {
      void stopAccepting();
      return Promise.resolve();
    },
    async finish() {
      const done = stopAccepting();
      server.closeIdleConnections();
      const settled = await Promise.race([done.then(() => true), delay(5_000).then(() => false)]);
      if (!settled) {
        server.closeAllConnections();
        await done;
      }
    },
  };
}
