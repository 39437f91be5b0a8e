import { EventStore } from '@tenantry/event-store';
import {
  LocationSettings, TENANT_MIGRATIONS, TenantConnections, TenantMigration, latestTenantMigration, locateTenantDatabase,
  migrateTenant, quoteIdentifier,
} from '@tenantry/tenant-database';
import { ExistingTenant, TenantState, evolve, exists, tenantIdOfStream, toTenantEvent } from '@tenantry/tenant-domain';
import { redactCredentials } from '@tenantry/config';

export interface TenantMigrationResult {
  tenantId: string;
  outcome: 'migrated' | 'up-to-date' | 'failed';
  applied: string[];
  error?: string;
}

export interface MigrateAllOptions {
  store: EventStore;
  settings: LocationSettings;
  migrations?: TenantMigration[];
  only?: string[];
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
  return [...states.values()].filter((s): s is ExistingTenant => exists(s) && s.status === 'ACTIVE')
    .sort((a, b) => a.tenantId.localeCompare(b.tenantId));
}

/**
 * Applies the tenant migrations to every ACTIVE tenant, one after the other, and
 * reports each. Resumable by nature: each tenant records what it applied, so a second
 * run skips the tenants already up to date and retries the ones that failed.
 */
export async function migrateAllTenants(options: MigrateAllOptions): Promise<TenantMigrationResult[]> {
  const migrations = options.migrations ?? TENANT_MIGRATIONS;
  const tenants = (await activeTenants(options.store)).filter((t) => !options.only || options.only.includes(t.tenantId));
  const connections = new TenantConnections({ max: 1 });
  const results: TenantMigrationResult[] = [];
  try {
    for (const tenant of tenants) {
      const result = await migrateOne(tenant, migrations, options.settings, connections);
      results.push(result);
      options.onProgress?.(results.length, tenants.length, result);
    }
  } finally {
    await connections.close();
  }
  return results;
}

async function migrateOne(
  tenant: ExistingTenant, migrations: TenantMigration[], settings: LocationSettings, connections: TenantConnections,
): Promise<TenantMigrationResult> {
  let secret: string | undefined;
  try {
    const location = locateTenantDatabase(tenant.tenantId, tenant.database, settings);
    secret = new URL(location.connectionString).password || undefined;
    if (await isUpToDate(connections, location.connectionString, location.schema, latestTenantMigration(migrations))) {
      return { tenantId: tenant.tenantId, outcome: 'up-to-date', applied: [] };
    }
    const { applied } = await migrateTenant(location, migrations, connections);
    return { tenantId: tenant.tenantId, outcome: applied.length ? 'migrated' : 'up-to-date', applied };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { tenantId: tenant.tenantId, outcome: 'failed', applied: [], error: redactCredentials(message, secret) };
  }
}

async function isUpToDate(connections: TenantConnections, url: string, schema: string, latest: string): Promise<boolean> {
  return connections.withClient(url, async (client) => {
    const table = await client.query(`select to_regclass($1) as found`, [`${quoteIdentifier(schema)}.mikro_orm_migrations`]);
    if (!table.rows[0]?.found) return false;
    const done = await client.query(`select 1 from ${quoteIdentifier(schema)}.mikro_orm_migrations where name = $1`, [latest]);
    return (done.rowCount ?? 0) > 0;
  });
}
