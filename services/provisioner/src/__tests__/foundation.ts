import { verifyPassword } from '@tenantry/auth';
import { postgresEventStore, PostgresEventStore, StoredEvent } from '@tenantry/event-store';
import { connectNats, natsNames, sendCommand } from '@tenantry/messaging';
import { Duration, ServiceName, startTestSystem, TestSystem, waitFor } from '@tenantry/testing';
import { CommandName, CommandReply, CommandRequest, streamNameOf } from '@tenantry/tenant-domain';
import { NatsConnection } from 'nats';
import { Client } from 'pg';

export const ADMIN = { userId: 'admin-1', tenantId: 'root', roles: ['admin'] };
export const STRONG_PASSWORD = 'Correct-Horse-Battery-42';

/** A client of one test system: sends commands as a platform admin and reads the truth from the store. */
export class FoundationClient {
  private constructor(
    readonly system: TestSystem,
    readonly nats: NatsConnection,
    readonly store: PostgresEventStore,
  ) {}

  static async connect(system: TestSystem): Promise<FoundationClient> {
    const nats = await connectNats({ url: system.natsUrl, name: 'test-client' });
    return new FoundationClient(system, nats, postgresEventStore({ connectionString: system.database.url }));
  }

  send(name: CommandName, request: Omit<CommandRequest, 'actor'>): Promise<CommandReply> {
    return sendCommand(this.nats, natsNames(this.system.prefix), name, { actor: ADMIN, ...request });
  }

  createTenant(input: Record<string, unknown>): Promise<CommandReply> {
    return this.send('createTenant', {
      input: { name: 'Acme FC', adminEmail: 'owner@acme.test', adminPassword: STRONG_PASSWORD, ...input },
    });
  }

  events(tenantId: string): Promise<StoredEvent[]> {
    return this.store.readStream(streamNameOf(tenantId));
  }

  /** Waits until the tenant's stream holds an event of `type`, and returns the whole stream. */
  waitForEvent(tenantId: string, type: string, within: Duration = '20s'): Promise<StoredEvent[]> {
    return waitFor(
      () => this.events(tenantId),
      (events) => events.some((e) => e.type === type),
      {
        within,
        description: `${type} in stream tenant-${tenantId}`,
      },
    );
  }

  async query<T extends Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
    url = this.system.database.url,
  ): Promise<T[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  async tablesOf(schema: string, url?: string): Promise<string[]> {
    const rows = await this.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = $1 order by table_name`,
      [schema],
      url,
    );
    return rows.map((r) => r.table_name);
  }

  async adminPasswordVerifies(schema: string, email: string, password: string, url?: string): Promise<boolean> {
    const rows = await this.query<{ password_hash: string }>(
      `select password_hash from "${schema}".users where email = $1`,
      [email],
      url,
    );
    return rows.length === 1 && verifyPassword(rows[0]!.password_hash, password);
  }

  async close(): Promise<void> {
    await this.nats.close();
    await this.store.close();
  }
}

export const typesOf = (events: StoredEvent[]): string[] => events.map((e) => e.type);

/**
 * The steps on record, in order: each `TenantProvisioningStepCompleted`'s (a CUSTOM one by
 * its name) and those an outcome records with it (`TenantProvisioned.steps`).
 */
export const stepsOnRecord = (events: StoredEvent[]): string[] =>
  events.flatMap((e) => {
    if (e.type === 'TenantProvisioningStepCompleted') return [String(e.data['stepName'] ?? e.data['step'])];
    const carried = e.data['steps'] as { step: string }[] | undefined;
    return e.type === 'TenantProvisioned' && carried ? carried.map(({ step }) => step) : [];
  });

/**
 * One test system per spec file: `startTestSystem` with the given services started,
 * a connected client, and both disposed after the file. Read `world.system` and
 * `world.client` inside tests (they are set in beforeAll).
 */
export function foundationWorld(
  label: string,
  options: { env?: Record<string, string>; services?: ServiceName[] } = {},
): { system: TestSystem; client: FoundationClient } {
  const world = {} as { system: TestSystem; client: FoundationClient };
  beforeAll(async () => {
    world.system = await startTestSystem(label, options.env);
    for (const service of options.services ?? ['tenant-command', 'provisioner']) await world.system.start(service);
    world.client = await FoundationClient.connect(world.system);
  });
  afterAll(async () => {
    await world.client?.close();
    await world.system?.dispose();
  });
  return world;
}
