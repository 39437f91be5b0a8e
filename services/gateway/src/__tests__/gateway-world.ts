import { DEVELOPMENT_ROOT_ADMIN } from '@tenantry/config';
import { ServiceProcess, startTestSystem, TestSystem, waitFor } from '@tenantry/testing';
import type { Client } from 'graphql-ws';
import { followNotifications, graphql, GraphQLResponse, socketClient } from './graphql-client';
import { metricSample } from './metric-sample';

export const STRONG_PASSWORD = 'Correct-Horse-Battery-42';
export const TENANT_FIELDS = 'id name isActive status provisioningError adminEmail database { mode name host } version';

export interface TenantResult {
  id: string;
  name: string;
  isActive: boolean;
  status: string;
  provisioningError: string | null;
  adminEmail: string;
  database: { mode: string; name: string; host: string | null };
  version: number;
}

/**
 * The real system for one test file: tenant-command, provisioner and gateway as
 * child processes from their dist, on a fresh database and a unique NATS prefix.
 */
export class GatewayWorld {
  url = '';
  rootToken = '';
  gateway!: ServiceProcess;
  private gateways = 0;
  private readonly sockets: { dispose(): unknown }[] = [];

  private constructor(
    readonly system: TestSystem,
    private readonly gatewayEnv: Record<string, string> = {},
  ) {}

  static async start(
    label: string,
    options: {
      /** Every service's environment (e.g. another NATS_URL); then each service's own. */
      env?: Record<string, string>;
      tenantCommandEnv?: Record<string, string>;
      provisionerEnv?: Record<string, string>;
      gatewayEnv?: Record<string, string>;
    } = {},
  ): Promise<GatewayWorld> {
    const system = await startTestSystem(label, { JWT_TTL_SECONDS: '600', ...options.env });
    return GatewayWorld.startOn(system, options);
  }

  /** Starts the three services on a system whose database a test prepared (e.g. an older release's). */
  static async startOn(
    system: TestSystem,
    options: {
      tenantCommandEnv?: Record<string, string>;
      provisionerEnv?: Record<string, string>;
      gatewayEnv?: Record<string, string>;
    } = {},
  ): Promise<GatewayWorld> {
    const world = new GatewayWorld(system, options.gatewayEnv);
    try {
      await system.start('tenant-command', { env: options.tenantCommandEnv });
      await system.start('provisioner', { env: options.provisionerEnv });
      await world.startGateway();
      world.rootToken = await world.waitForLogin('root', DEVELOPMENT_ROOT_ADMIN.email, DEVELOPMENT_ROOT_ADMIN.password);
      return world;
    } catch (error) {
      await system.dispose();
      throw error;
    }
  }

  /** Starts (another) gateway process and points `url` at it. */
  async startGateway(): Promise<string> {
    this.gateways += 1;
    this.gateway = await this.system.start('gateway', { instance: `gateway-${this.gateways}`, env: this.gatewayEnv });
    const [, url] = await this.gateway.waitForLog(/Gateway ready at (\S+)/, { within: '30s' });
    this.url = url!;
    return this.url;
  }

  /** The root tenant becomes usable once provisioned: log in as soon as it is. */
  waitForLogin(tenant: string, email: string, password: string): Promise<string> {
    return waitFor(async () => (await this.login(tenant, email, password)).data?.login?.token, Boolean, {
      within: '90s',
      interval: 200,
      description: `a successful login of ${email} to ${tenant}`,
    }) as Promise<string>;
  }

  login(
    tenant: string,
    email: string,
    password: string,
  ): Promise<GraphQLResponse<{ login: { token: string; user: { id: string; roles: string[] } } }>> {
    return graphql(
      this.url,
      'mutation($t: ID!, $e: String!, $p: String!) { login(tenant: $t, email: $e, password: $p) { token expiresAt user { id email tenantId roles } } }',
      { t: tenant, e: email, p: password },
    );
  }

  query<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    token = this.rootToken,
  ): Promise<GraphQLResponse<T>> {
    return graphql<T>(this.url, query, variables, token);
  }

  createTenant(input: Record<string, unknown>, token = this.rootToken) {
    return this.query<{ createTenant: { tenantId: string; operationId: string; status: string } }>(
      'mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenantId operationId status } }',
      { input: { name: 'Acme FC', adminEmail: 'owner@acme.test', adminPassword: STRONG_PASSWORD, ...input } },
      token,
    );
  }

  /** Another root administrator, logged in: their token and user id. */
  async administrator(email: string): Promise<{ token: string; userId: string }> {
    const created = await this.query(
      'mutation($input: CreateAdministratorInput!) { createAdministrator(input: $input) { id } }',
      { input: { email, password: STRONG_PASSWORD } },
    );
    if (created.errors) throw new Error(JSON.stringify(created.errors));
    const login = await this.login('root', email, STRONG_PASSWORD);
    return { token: login.data!.login.token, userId: login.data!.login.user.id };
  }

  updateTenant(id: string, input: Record<string, unknown>, token = this.rootToken) {
    return this.query<{ updateTenant: { tenantId: string; operationId: string; status: string } }>(
      'mutation($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { tenantId operationId status } }',
      { id, input },
      token,
    );
  }

  async tenant(id: string): Promise<TenantResult | null> {
    const result = await this.query<{ tenant: TenantResult | null }>(
      `query($id: ID!) { tenant(id: $id) { ${TENANT_FIELDS} } }`,
      { id },
    );
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.tenant;
  }

  /** Polls the read model until the tenant matches. */
  waitForTenant(
    id: string,
    predicate: (tenant: TenantResult | null) => boolean,
    description: string,
    within: `${number}s` = '30s',
  ) {
    return waitFor(() => this.tenant(id), predicate, {
      within,
      interval: 100,
      description: `tenant ${id} ${description}`,
    }) as Promise<TenantResult>;
  }

  /** Every line any service printed, for "no secret anywhere" checks. */
  allLogs(): string {
    return [...this.system.services.values()].flatMap((s) => s.logs).join('\n');
  }

  /**
   * Notifications followed on `client`, once the current gateway has set the subscription up.
   * A feed without a cursor starts live: what a test does before it is set up (on a busy
   * machine, a whole update) might never reach it.
   */
  followNotifications(client: Client, options: Parameters<typeof followNotifications>[1] = {}) {
    return this.onceSubscribed(() => followNotifications(client, options));
  }

  /** What `subscribe` returns, once the current gateway has set up the notifications subscription it opens. */
  async onceSubscribed<T>(subscribe: () => T): Promise<T> {
    const before = await this.notificationSubscriptionsSetUp();
    const subscription = subscribe();
    await waitFor(
      () => this.notificationSubscriptionsSetUp(),
      (count) => count > before,
      { within: '30s', interval: 20, description: 'the notifications subscription set up by the gateway' },
    );
    return subscription;
  }

  /** Notifications subscriptions the current gateway has set up so far. */
  private async notificationSubscriptionsSetUp(): Promise<number> {
    const labels = { operation: 'notifications', type: 'subscription', outcome: 'ok' };
    return metricSample(await this.metrics(), 'tenantry_graphql_operations_total', labels) ?? 0;
  }

  /** The current gateway's Prometheus metrics, from its ops server (METRICS_PORT). */
  async metrics(): Promise<string> {
    const [, port] = await this.gateway.waitForLog(/"opsPort":(\d+)/);
    return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  }

  /** A graphql-ws client of the current gateway (root's by default), closed by `dispose`. */
  socket(token = this.rootToken): ReturnType<typeof socketClient> {
    const opened = socketClient(this.url, token);
    this.sockets.push(opened);
    return opened;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.sockets.map((s) => s.dispose()));
    await this.system.dispose();
  }
}
