/** Table `tenants`: one row per tenant, its latest view (TenantView). */
import type { DatabaseMode, Priority, ProvisioningStatus } from '@tenantry/tenant-domain';
import type { TenantView } from '../ports';
import { boolean, integer, nullable, primary, text, timestamptz } from './column';
import { defineTable, RowOf } from './table';

export const TENANTS = defineTable({
  name: 'tenants',
  entity: 'ReadTenant',
  indexes: [{ properties: ['status'] }],
  columns: {
    id: primary(text()),
    name: text(),
    isActive: boolean(),
    status: text(),
    provisioningError: nullable(text()),
    lastProvisioningAttempt: nullable(timestamptz()),
    adminEmail: text(),
    databaseMode: text(),
    databaseName: text(),
    databaseHost: nullable(text()),
    /** EXTERNAL only: AES-256-GCM ciphertext of the connection string. */
    databaseSecret: nullable(text()),
    createdAt: timestamptz(),
    updatedAt: timestamptz(),
    version: integer(),
    currentOperationId: nullable(text()),
    priority: text(),
    statusBeforeOperation: nullable(text()),
  },
});

export type TenantRow = RowOf<typeof TENANTS>;

export const tenantToRow = ({ database, ...view }: TenantView): TenantRow => ({
  ...view,
  databaseMode: database.mode,
  databaseName: database.name,
  databaseHost: database.host,
});

export const tenantFromRow = (row: TenantRow): TenantView => ({
  id: row.id,
  name: row.name,
  isActive: row.isActive,
  status: row.status as ProvisioningStatus,
  provisioningError: row.provisioningError,
  lastProvisioningAttempt: row.lastProvisioningAttempt,
  adminEmail: row.adminEmail,
  database: { mode: row.databaseMode as DatabaseMode, name: row.databaseName, host: row.databaseHost },
  databaseSecret: row.databaseSecret,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  version: row.version,
  currentOperationId: row.currentOperationId,
  priority: row.priority as Priority,
  statusBeforeOperation: row.statusBeforeOperation as ProvisioningStatus | null,
});
