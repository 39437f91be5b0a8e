import pino from 'pino';
import { issueToken, Principal } from '@tenantry/auth';
import type { Accepted, CommandName, CommandRequest } from '@tenantry/tenant-domain';
import { createAuthenticator } from '../auth';
import { createAdministrators } from '../app/administrators';
import { createNotifications } from '../app/notifications';
import { createSessions } from '../app/sessions';
import { createTenants } from '../app/tenants';
import type { CommandClient } from '../commands/command-client';
import type { GatewayServices } from '../graphql/context';
import { createGatewayYoga, documentLimitsOf } from '../graphql/yoga';
import { loadConfig } from '@tenantry/config';
import type { DocumentLimits } from '../graphql/plugins/use-document-limits';
import { createRestHandler, type ObservedRequest } from '../rest/rest-handler';
import type { ObservedOperation } from '../graphql/plugins/use-operation-observability';
import { createGatewayServer } from '../http/gateway-server';
import { createHealthHandler } from '@tenantry/observability';
import { createPreferences } from '../app/preferences';
import { inMemoryPreferencesStore } from '../gateway-state/notification-preferences';
import { attachGraphQLWebSocket, type GraphQLWebSocketOptions } from '../graphql/websocket';
import { createTenantSocketGuard } from '../graphql/tenant-socket-guard';
import type { AddressInfo } from 'node:net';
import type { TenantUsers } from '../tenant-users/tenant-users';
import { FakeReadSide, tenantView } from './fake-read-side';
import { ServiceUnavailable } from '../errors';

export const JWT_SECRET = 'x'.repeat(40);
export const rootAdmin: Principal = {
  userId: 'root-admin',
  email: 'root@tenantry.test',
  tenantId: 'root',
  roles: ['admin'],
};
export const acmeAdmin: Principal = {
  userId: 'acme-admin',
  email: 'admin@acme.test',
  tenantId: 'acme',
  roles: ['admin'],
};

export const tokenOf = async (principal: Principal, ttlSeconds = 60, now?: Date) =>
  (await issueToken(principal, JWT_SECRET, ttlSeconds, now)).token;

/** The gateway's edge over fakes: read side in memory, commands answered by `onCommand`. */
export function edgeFixture(options: Partial<DocumentLimits> = {}, edge: { graphiql?: boolean } = {}) {
  const readSide = new FakeReadSide([tenantView('root'), tenantView('acme'), tenantView('globex')]);
  const sent: { name: CommandName; request: CommandRequest }[] = [];
  let onCommand: (name: CommandName, request: CommandRequest) => Promise<Accepted> = async (name, request) => ({
    tenantId: request.tenantId ?? String((request.input as { id?: string })?.id),
    operationId: 'op-1',
    status: name === 'createTenant' ? 'PENDING' : 'UPDATING',
    version: 1,
  });
  const commands: CommandClient = {
    send: (name, request) => {
      sent.push({ name, request });
      return onCommand(name, request);
    },
  };
  const lookups = { count: 0 };
  const users: TenantUsers = {
    find: async () => void lookups.count++,
    create: async () => ({ id: 'u', email: 'e', passwordHash: 'h', roles: [] }),
    close: async () => undefined,
  };
  const logger = pino({ level: 'silent' });
  const { queries, feed } = readSide;
  const preferences = createPreferences(inMemoryPreferencesStore());
  /** The tenants whose own database was read for its schema version, one entry per read. */
  const schemaReads: string[] = [];
  const services: GatewayServices = {
    queries,
    tenants: createTenants(queries, commands),
    notifications: createNotifications(queries, feed, { receivesAll: preferences.receivesAll }),
    sessions: createSessions({ queries, users, jwtSecrets: JWT_SECRET, ttlSeconds: 60, logger }),
    administrators: createAdministrators({ queries, users }),
    preferences,
    schemas: {
      version: async (tenant) => {
        schemaReads.push(tenant.id);
        if (tenant.id === 'globex') throw new ServiceUnavailable("The database of tenant 'globex' could not be read");
        return { applied: ['Migration20261125000000UsersRoles'], pending: [`001-${tenant.id}`] };
      },
      close: async () => undefined,
    },
  };
  const authenticator = createAuthenticator({ jwtSecrets: JWT_SECRET, tenant: (id) => queries.tenant(id) });
  const defaults = loadConfig({});
  const operations: ObservedOperation[] = [];
  const requests: ObservedRequest[] = [];
  const yoga = createGatewayYoga({
    services,
    authenticator,
    logger,
    graphiql: edge.graphiql ?? false,
    onOperation: (operation) => void operations.push(operation),
    limits: { ...documentLimitsOf(defaults), introspection: true, ...options },
    maxBodyBytes: defaults.HTTP_MAX_BODY_BYTES,
  });
  const rest = createRestHandler({
    services,
    authenticator,
    logger,
    onRequest: (request) => void requests.push(request),
  });

  const graphql = async (query: string, options: { token?: string; variables?: Record<string, unknown> } = {}) => {
    const response = await yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify({ query, variables: options.variables }),
    });
    return (await response.json()) as {
      data?: Record<string, any> | null;
      errors?: { message: string; extensions?: Record<string, any> }[];
    };
  };

  /** The whole edge on a real port: HTTP, WebSocket and the tenant socket guard. */
  const listen = async (
    limits: Pick<GraphQLWebSocketOptions, 'maxPayloadBytes' | 'maxConnectionsPerPrincipal'> = {},
  ) => {
    const server = createGatewayServer({ graphql: yoga, rest, health: createHealthHandler({}) });
    const guard = createTenantSocketGuard(readSide.feed, logger);
    const websocket = attachGraphQLWebSocket(server, {
      yoga,
      authenticator,
      logger,
      onAccepted: (socket, p) => guard.watch(socket, p.tenantId),
      ...limits,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return {
      url: `http://127.0.0.1:${port}/graphql`,
      wsUrl: `ws://127.0.0.1:${port}/graphql`,
      async close() {
        await guard.close();
        await websocket.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  };

  return {
    listen,
    readSide,
    sent,
    users,
    /** How many times a login looked a user up (each lookup leads to a password check). */
    lookups,
    schemaReads,
    /** What the GraphQL and REST observers (metrics) saw. */
    observed: { operations, requests },
    yoga,
    rest,
    graphql,
    answerCommands(handler: typeof onCommand) {
      onCommand = handler;
    },
  };
}
