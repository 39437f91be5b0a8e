import { Migration20261125000000UsersRoles } from './20261125000000-users-roles';

/** Tenant migrations in the order they apply; append new ones at the end. */
import type { MigrationObject } from '@mikro-orm/core';

export type TenantMigration = MigrationObject;

export const TENANT_MIGRATIONS: TenantMigration[] = [
  { name: 'Migration20261125000000UsersRoles', class: Migration20261125000000UsersRoles },
];
