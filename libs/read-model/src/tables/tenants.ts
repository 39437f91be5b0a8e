/** Table `tenants`: one row per tenant, its latest view (TenantView). */
import type { DatabaseMode, Priority, ProvisioningStatus } from '@tenantry/tenant-domain';
import { boolean, integer, nullable, primary, text, timestamptz } from './column';
import { PROFILE_COLUMNS } from './profile-columns';
import { defineTable, RowOf } from './table';

export const TENANTS = defineTable({
  name: 'tenants',
  entity: 'ReadTenant',
  // The pages, newest first (queries/pages.ts): all tenants, by status, and the id or name
  // prefix search (lower(…) with text_pattern_ops, so LIKE 'abc%' is a range scan).
  indexes: [
    { name: 'tenants_created_at_id_index', properties: ['createdAt', 'id'] },
    { name: 'tenants_status_created_at_id_index', properties: ['status', 'createdAt', 'id'] },
    {
      name: 'tenants_id_prefix_index',
      expression: `create index "tenants_id_prefix_index" on "read_model"."tenants" (lower("id") text_pattern_ops)`,
    },
    {
      name: 'tenants_name_prefix_index',
      expression: `create index "tenants_name_prefix_index" on "read_model"."tenants" (lower("name") text_pattern_ops)`,
    },
  ],
  columns: {
    id: primary(text()),
    /** One column per field of the tenant's profile (tenant-domain's TENANT_PROFILE): `name`, … */
    ...PROFILE_COLUMNS,
    isActive: boolean(),
    status: text<ProvisioningStatus>(),
    provisioningError: nullable(text()),
    lastProvisioningAttempt: nullable(timestamptz()),
    adminEmail: text(),
    databaseMode: text<DatabaseMode>(),
    databaseName: text(),
    databaseHost: nullable(text()),
    /** EXTERNAL only: AES-256-GCM ciphertext of the connection string (login needs it); never returned by the API. */
    databaseSecret: nullable(text()),
    createdAt: timestamptz(),
    updatedAt: timestamptz(),
    /** Revision of the tenant's event stream last applied. */
    version: integer(),
    /** The running or most recent operation. */
    currentOperationId: nullable(text()),
    /** Priority given at creation; later operations of the tenant inherit it. */
    priority: text<Priority>(),
    /** Where a failed update or deletion returns to; projector bookkeeping, not part of the API. */
    statusBeforeOperation: nullable(text<ProvisioningStatus>()),
  },
});

export type TenantRow = RowOf<typeof TENANTS>;

type DatabaseColumns = 'databaseMode' | 'databaseName' | 'databaseHost';

/**
 * A tenant as the API shows it (less `databaseSecret` and `statusBeforeOperation`, which the
 * API never returns): its row, with the database's three columns as one object.
 */
export type TenantView = Omit<TenantRow, DatabaseColumns> & {
  database: { mode: DatabaseMode; name: string; host: string | null };
};

export const tenantToRow = ({ database, ...view }: TenantView): TenantRow => ({
  ...view,
  databaseMode: database.mode,
  databaseName: database.name,
  databaseHost: database.host,
});

export const tenantFromRow = ({ databaseMode, databaseName, databaseHost, ...row }: TenantRow): TenantView => ({
  ...row,
  database: { mode: databaseMode, name: databaseName, host: databaseHost },
});
