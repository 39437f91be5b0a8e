import { DEVELOPMENT_ROOT_ADMIN } from '@tenantry/config';
import { startTestSystem, TestSystem, waitFor } from '@tenantry/testing';
import { GraphQLHttp, GraphQLResponse } from './graphql-http';
import { Arrival, NotificationHub, NotificationSocket } from './ws-client';

export const ADMIN_PASSWORD = 'Bench-Admin-Passw0rd!';

const CREATE =
  'mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenantId operationId status version } }';
const UPDATE =
  'mutation($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { tenantId operationId status version } }';
const TENANT = 'query($id: ID!) { tenant(id: $id) { status version } }';
const LOGIN =
  'mutation($t: ID!, $e: String!, $p: String!) { login(tenant: $t, email: $e, password: $p) { token user { id } } }';

export interface Accepted {
  tenantId: string;
  operationId: string;
  status: string;
  version: number;
}

/** Terminal notifications of an operation: the job ended one way or the other. */
export const TERMINAL_TYPES = [
  'TENANT_CREATED',
  'TENANT_CREATION_FAILED',
  'TENANT_UPDATED',
  'TENANT_UPDATE_FAILED',
] as const;

/**
 * One Tenantry installation for the bench: a fresh database and NATS prefix, the three
 * compiled services each in its own process (libs/testing's test system), the root
 * administrator logged in, and one graphql-ws socket following their notifications.
 */
export class Tenantry {
  http!: GraphQLHttp;
  url = '';
  token = '';
  userId = '';
  readonly hub = new NotificationHub(TERMINAL_TYPES);
  private socket: NotificationSocket | undefined;

  private constructor(readonly system: TestSystem) {}

  static async start(env: Record<string, string> = {}): Promise<Tenantry> {
    const system = await startTestSystem('bench', {
      // Production defaults where the test system shortens them for its own specs.
      PROVISIONER_BACKOFF_MS: '500',
      PROVISIONER_ACK_WAIT_MS: '30000',
      TENANT_SPARE_DATABASES: '2',
      JWT_TTL_SECONDS: '7200',
      LOG_LEVEL: 'info',
      ...env,
    });
    const tenantry = new Tenantry(system);
    try {
      // BENCH_TENANT_COMMAND_NODE_OPTIONS and BENCH_PROVISIONER_NODE_OPTIONS: the same for
      // tenant-command and the provisioner (e.g. --cpu-prof --cpu-prof-dir=…).
      const nodeOptions = (variable: string) => {
        const options = process.env[variable];
        return options ? { env: { NODE_OPTIONS: options } } : {};
      };
      await Promise.all([
        system.start('tenant-command', nodeOptions('BENCH_TENANT_COMMAND_NODE_OPTIONS')),
        system.start('provisioner', nodeOptions('BENCH_PROVISIONER_NODE_OPTIONS')),
      ]);
      // BENCH_GATEWAY_NODE_OPTIONS: node flags for the gateway alone (profiling, --trace-gc, heap sizes).
      const gatewayOptions = process.env.BENCH_GATEWAY_NODE_OPTIONS;
      const gateway = await system.start('gateway', gatewayOptions ? { env: { NODE_OPTIONS: gatewayOptions } } : {});
      const [, url] = await gateway.waitForLog(/Gateway ready at (\S+)/, { within: '30s' });
      tenantry.url = url!.replace('localhost', '127.0.0.1');
      tenantry.http = new GraphQLHttp(tenantry.url);
      const session = await waitFor(
        () =>
          tenantry.login('root', DEVELOPMENT_ROOT_ADMIN.email, DEVELOPMENT_ROOT_ADMIN.password).catch(() => undefined),
        (s) => Boolean(s?.token),
        { within: '60s', interval: 200, description: 'the root administrator can log in' },
      );
      tenantry.token = session!.token;
      tenantry.userId = session!.userId;
      tenantry.socket = await tenantry.openSocket(tenantry.token, tenantry.hub.push);
      return tenantry;
    } catch (error) {
      await system.dispose();
      throw error;
    }
  }

  get gatewayPid(): number | undefined {
    return this.system.services.get('gateway')?.pid;
  }

  get tenantCommandPid(): number | undefined {
    return this.system.services.get('tenant-command')?.pid;
  }

  get provisionerPid(): number | undefined {
    return this.system.services.get('provisioner')?.pid;
  }

  /** The three services' process ids, by name (for `cpuByProcess`). */
  get servicePids(): Record<string, number | undefined> {
    return { gateway: this.gatewayPid, 'tenant-command': this.tenantCommandPid, provisioner: this.provisionerPid };
  }

  async login(tenant: string, email: string, password: string): Promise<{ token: string; userId: string } | undefined> {
    const result = await this.http.post<{ login: { token: string; user: { id: string } } }>(LOGIN, {
      t: tenant,
      e: email,
      p: password,
    });
    return result.data?.login ? { token: result.data.login.token, userId: result.data.login.user.id } : undefined;
  }

  async openSocket(token: string, onArrival: (arrival: Arrival) => void): Promise<NotificationSocket> {
    const socket = new NotificationSocket(this.url, token, onArrival);
    await socket.open();
    return socket;
  }

  createTenant(id: string, options: { mode?: 'SHARED' | 'ISOLATED'; token?: string } = {}): Promise<Accepted> {
    return this.accept(
      'createTenant',
      CREATE,
      {
        input: {
          id,
          name: `Bench ${id}`,
          adminEmail: `admin@${id}.bench`,
          adminPassword: ADMIN_PASSWORD,
          database: options.mode ?? 'SHARED',
        },
      },
      options.token,
    );
  }

  updateTenant(id: string, name: string, token?: string): Promise<Accepted> {
    return this.accept('updateTenant', UPDATE, { id, input: { name } }, token);
  }

  /** The tenant's status and version as a client reads them (GraphQL `tenant`). */
  async tenant(id: string, token = this.token): Promise<{ status: string; version: number }> {
    const result = await this.http.post<{ tenant: { status: string; version: number } | null }>(TENANT, { id }, token);
    if (!result.data?.tenant) throw new Error(`tenant ${id} not readable: ${JSON.stringify(result.errors ?? result)}`);
    return result.data.tenant;
  }

  query<T = unknown>(
    query: string,
    variables: Record<string, unknown> = {},
    token = this.token,
  ): Promise<GraphQLResponse<T>> {
    return this.http.post<T>(query, variables, token);
  }

  private async accept(
    field: 'createTenant' | 'updateTenant',
    query: string,
    variables: Record<string, unknown>,
    token = this.token,
  ): Promise<Accepted> {
    const result = await this.http.post<Record<string, Accepted>>(query, variables, token);
    const accepted = result.data?.[field];
    if (!accepted) throw new Error(`${field} refused: ${JSON.stringify(result.errors ?? result)}`);
    return accepted;
  }

  async dispose(): Promise<void> {
    this.socket?.close();
    this.http?.close();
    await this.system.dispose();
  }
}
