import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125000000UsersRoles } from './20261125000000-users-roles';

/** A migration, and for the application's the file it came from (errors name it). */
export type TenantMigration = MigrationObject & { file?: string };

/** Tenantry's own tenant migrations in the order they apply; append new ones at the end. */
export const TENANT_MIGRATIONS: TenantMigration[] = [
  { name: 'Migration20261125000000UsersRoles', class: Migration20261125000000UsersRoles },
];
