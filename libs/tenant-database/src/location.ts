import { decryptSecret } from '@tenantry/config';
import { TenantDatabase } from '@tenantry/tenant-domain';

/**
 * Where a tenant's tables live. Every mode uses schema `tenant_<slug>`: in the shared
 * tenants database (SHARED), in the tenant's own database (ISOLATED) or in the
 * database the requester named (EXTERNAL), so deletion drops only what Tenantry made.
 * `connectionString` may hold credentials: never log it.
 */
export interface TenantLocation {
  connectionString: string;
  schema: string;
  /** Database name as shown to users. */
  database: string;
}

export interface LocationSettings {
  tenantsDatabaseUrl: string;
  secretsKey: string;
}

export const schemaNameOf = (tenantId: string): string => `tenant_${tenantId.replace(/-/g, '_')}`;

export const isolatedDatabaseNameOf = (prefix: string, tenantId: string): string =>
  `${prefix}_${tenantId.replace(/-/g, '_')}`;

export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}

export const databaseNameOf = (connectionString: string): string =>
  decodeURIComponent(new URL(connectionString).pathname.slice(1));

export function locateTenantDatabase(
  tenantId: string,
  database: TenantDatabase,
  settings: LocationSettings,
): TenantLocation {
  const schema = schemaNameOf(tenantId);
  switch (database.mode) {
    case 'SHARED':
      return {
        connectionString: settings.tenantsDatabaseUrl,
        schema,
        database: databaseNameOf(settings.tenantsDatabaseUrl),
      };
    case 'ISOLATED':
      return {
        connectionString: withDatabase(settings.tenantsDatabaseUrl, database.name),
        schema,
        database: database.name,
      };
    case 'EXTERNAL': {
      if (!database.connectionString) throw new Error(`Tenant ${tenantId} is EXTERNAL but has no connection string`);
      const connectionString = decryptSecret(database.connectionString.ciphertext, settings.secretsKey);
      return { connectionString, schema, database: databaseNameOf(connectionString) };
    }
  }
}

/** The public description of where an EXTERNAL database is: host and name, no credentials. */
export function describeExternal(connectionString: string): { host: string; name: string } {
  const url = new URL(connectionString);
  return { host: url.port ? `${url.hostname}:${url.port}` : url.hostname, name: databaseNameOf(connectionString) };
}
