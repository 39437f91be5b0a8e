import {
  LocationSettings,
  SchemaVersion,
  TenantConnections,
  locateTenantDatabase,
  readSchemaVersion,
} from '@tenantry/tenant-database';
import type { ProvisioningStatus } from '@tenantry/tenant-domain';
import type { TenantView } from '@tenantry/read-model';
import { ServiceUnavailable } from '../errors';
import { databaseOf } from '../tenant-users/tenant-users';

export type { SchemaVersion };

/** The tenant's schema version, read from the tenant's own database. */
export interface TenantSchemas {
  version(tenant: TenantView): Promise<SchemaVersion>;
  close(): Promise<void>;
}

/** Nothing of these tenants is left to read, and nothing will be applied to them. */
const GONE: ProvisioningStatus[] = ['CANCELLED', 'DELETED'];
/** The tenant's database may not exist yet. */
const NOT_YET: ProvisioningStatus[] = ['PENDING'];
const DATABASE_MISSING = '3D000';

/**
 * `known`: the names of the migrations this installation applies, in order
 * (Tenantry's own, then TENANT_MIGRATIONS_DIR's), so what a tenant lacks is pending.
 */
export function tenantSchemasInDatabases(settings: LocationSettings, known: string[]): TenantSchemas {
  const connections = new TenantConnections({ max: 2, connectionTimeoutMillis: 3_000 });
  return {
    async version(tenant) {
      if (GONE.includes(tenant.status)) return { applied: [], pending: [] };
      if (NOT_YET.includes(tenant.status)) return { applied: [], pending: known };
      const location = locateTenantDatabase(tenant.id, databaseOf(tenant), settings);
      try {
        return await connections.withClient(location.connectionString, (client) =>
          readSchemaVersion(client, location.schema, known),
        );
      } catch (error) {
        if ((error as { code?: string }).code === DATABASE_MISSING) return { applied: [], pending: known };
        // The cause may name the server and user: it goes to the log, not to the client.
        throw new ServiceUnavailable(`The database of tenant '${tenant.id}' could not be read`, { cause: error });
      }
    },
    close: () => connections.close(),
  };
}
