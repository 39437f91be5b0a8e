import { Client, ClientBase } from 'pg';
import { EventStore } from '@tenantry/event-store';
import {
  LocationSettings,
  TENANT_MIGRATIONS,
  TenantConnections,
  TenantLocation,
  TenantMigration,
  locateTenantDatabase,
  migrateSchema,
  readSchemaVersion,
} from '@tenantry/tenant-database';
import { ExistingTenant, TenantState, evolve, exists, tenantIdOfStream, toTenantEvent } from '@tenantry/tenant-domain';
import { redactCredentials } from '@tenantry/config';

export interface TenantMigrationResult {
  tenantId: string;
  /** `pending`: a dry run found migrations to apply (listed in `pending`) and applied none. */
  outcome: 'migrated' | 'up-to-date' | 'pending' | 'failed';
  applied: string[];
  pending: string[];
  error?: string;
}

export interface MigrateAllOptions {
  store: EventStore;
  settings: LocationSettings;
  /** Tenantry's own and the application's, in order (default: Tenantry's own). */
  migrations?: TenantMigration[];
  /** Only these tenant ids; one that is not ACTIVE is reported as failed. */
  only?: string[];
  /** Tenants migrated at once (default 1). */
  concurrency?: number;
  /** List what is pending, apply nothing. */
  dryRun?: boolean;
  onProgress?(done: number, total: number, result: TenantMigrationResult): void;
}

/** Every ACTIVE tenant, from the event store (the source of truth), in id order. */
export async function activeTenants(store: EventStore): Promise<ExistingTenant[]> {
  const states = new Map<string, TenantState>();
  let after: string | undefined;
  for (;;) {
    const batch = await store.readAll({ after, limit: 1000 });
    if (batch.length === 0) break;
    for (const stored of batch) {
      const tenantId = tenantIdOfStream(stored.stream);
      if (tenantId) states.set(tenantId, evolve(states.get(tenantId) ?? { status: 'ABSENT' }, toTenantEvent(stored)));
    }
    after = batch[batch.length - 1]!.position;
  }
  return [...states.values()]
    .filter((s): s is ExistingTenant => exists(s) && s.status === 'ACTIVE')
    .sort((a, b) => a.tenantId.localeCompare(b.tenantId));
}

/**
 * Applies the pending tenant migrations to every ACTIVE tenant (or those asked for),
 * `concurrency` at a time, and reports each, in tenant id order. Resumable by nature:
 * each tenant records what it applied, so a second run skips the tenants already up
 * to date and retries the ones that failed.
 */
export async function migrateAllTenants(options: MigrateAllOptions): Promise<TenantMigrationResult[]> {
  const migrations = options.migrations ?? TENANT_MIGRATIONS;
  const active = await activeTenants(options.store);
  const targets: (ExistingTenant | string)[] = options.only
    ? options.only.map((id) => active.find((t) => t.tenantId === id) ?? id)
    : active;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  // The shared tenants database is one pool sized for the workers; other databases get a client each.
  const shared = new TenantConnections({ max: concurrency });
  const results = new Array<TenantMigrationResult>(targets.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let index = next++; index < targets.length; index = next++) {
      const target = targets[index]!;
      const result =
        typeof target === 'string'
          ? {
              tenantId: target,
              outcome: 'failed' as const,
              applied: [],
              pending: [],
              error: 'No ACTIVE tenant has this id',
            }
          : await migrateOne(target, migrations, options, shared);
      results[index] = result;
      options.onProgress?.(++done, targets.length, result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  } finally {
    await shared.close();
  }
  return results;
}

async function migrateOne(
  tenant: ExistingTenant,
  migrations: TenantMigration[],
  options: MigrateAllOptions,
  shared: TenantConnections,
): Promise<TenantMigrationResult> {
  const tenantId = tenant.tenantId;
  let secret: string | undefined;
  try {
    const location = locateTenantDatabase(tenantId, tenant.database, options.settings);
    secret = decodeURIComponent(new URL(location.connectionString).password) || undefined;
    return await withClient(location, options.settings, shared, async (client) => {
      const { pending } = await readSchemaVersion(
        client,
        location.schema,
        migrations.map((m) => m.name),
      );
      if (pending.length === 0) return { tenantId, outcome: 'up-to-date', applied: [], pending };
      if (options.dryRun) return { tenantId, outcome: 'pending', applied: [], pending };
      const { applied } = await migrateSchema(client, location.schema, migrations);
      return { tenantId, outcome: applied.length ? 'migrated' : 'up-to-date', applied, pending: [] };
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { tenantId, outcome: 'failed', applied: [], pending: [], error: redactCredentials(message, secret) };
  }
}

async function withClient<T>(
  location: TenantLocation,
  settings: LocationSettings,
  shared: TenantConnections,
  work: (client: ClientBase) => Promise<T>,
): Promise<T> {
  if (location.connectionString === settings.tenantsDatabaseUrl)
    return shared.withClient(location.connectionString, work);
  const client = new Client({ connectionString: location.connectionString, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
