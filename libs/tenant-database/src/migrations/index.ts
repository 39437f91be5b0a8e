import { Migration20261125000000UsersRoles } from './20261125000000-users-roles';

/** Tenant migrations in the order they apply; append new ones at the end. */
export const TENANT_MIGRATIONS = [
  { name: 'Migration20261125000000UsersRoles', class: Migration20261125000000UsersRoles },
];
