import {
  createTenantUser,
  findTenantUser,
  locateTenantDatabase,
  LocationSettings,
  TenantConnections,
  TenantUser,
} from '@tenantry/tenant-database';
import type { TenantView } from '@tenantry/read-model';

export type { TenantUser };

/** Users live in each tenant's own tables; the gateway reaches them through this port. */
export interface TenantUsers {
  find(tenant: TenantView, email: string): Promise<TenantUser | undefined>;
  create(tenant: TenantView, user: { email: string; passwordHash: string; roles: string[] }): Promise<TenantUser>;
  close(): Promise<void>;
}

/** The tenant's database description as the provisioner stored it (the secret still encrypted). */
export const databaseOf = (tenant: TenantView) => ({
  ...tenant.database,
  ...(tenant.databaseSecret ? { connectionString: { ciphertext: tenant.databaseSecret } } : {}),
});

export function tenantUsersInDatabases(settings: LocationSettings): TenantUsers {
  const connections = new TenantConnections({ max: 2, connectionTimeoutMillis: 3_000 });
  const locate = (tenant: TenantView) => locateTenantDatabase(tenant.id, databaseOf(tenant), settings);
  return {
    find: (tenant, email) => findTenantUser(connections, locate(tenant), email),
    create: (tenant, user) => createTenantUser(connections, locate(tenant), user),
    close: () => connections.close(),
  };
}
