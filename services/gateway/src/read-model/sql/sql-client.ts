export type { SqlClient } from '@tenantry/postgres';
