import {
  TENANT_MIGRATIONS,
  TenantConnections,
  TenantLocation,
  TenantMigration,
  ensureUser,
  ensureUserWithRole,
  grantRole,
  migrateTenant,
  quoteIdentifier,
} from '@tenantry/tenant-database';
import { TenantDatabase } from '@tenantry/tenant-domain';
import { ADMIN_ROLE } from '@tenantry/auth';
import { SpareDatabases } from './spare-databases';

/**
 * Whether the tenant's schema exists: the reachability check of every update
 * (`checkReachable`). pg_namespace directly: information_schema.schemata checks privileges
 * row by row. Named, so each connection plans it once (an unnamed statement is parsed and
 * planned at every update).
 */
const SCHEMA_EXISTS = {
  name: 'tenantry_provisioner.schema_exists',
  text: 'select 1 from pg_namespace where nspname = $1',
};

/** A tenant's first user, the one with the admin role. */
export interface AdminUser {
  email: string;
  passwordHash: string;
}

/**
 * The physical work of each step. Every operation is idempotent (create if missing,
 * drop if present), so a job resumed after a crash repeats nothing that already
 * took effect.
 */
export class TenantStorage {
  constructor(
    private readonly connections: TenantConnections,
    private readonly tenantsDatabaseUrl: string,
    /** Tenantry's own, then the application's (TENANT_MIGRATIONS_DIR), loaded once at start. */
    private readonly migrations: TenantMigration[] = TENANT_MIGRATIONS,
    /** Empty databases made ahead, renamed into ISOLATED tenants' (TENANT_SPARE_DATABASES). */
    private readonly spares?: SpareDatabases,
  ) {}

  /**
   * The tenant's database (ISOLATED) and its schema; `schema: false` leaves the schema to
   * RUNNING_MIGRATIONS, which creates it in its first round trip anyway.
   */
  async createDatabase(
    database: TenantDatabase,
    location: TenantLocation,
    options: { schema?: boolean } = {},
  ): Promise<void> {
    if (database.mode === 'ISOLATED') await this.createIsolatedDatabase(location.database);
    if (options.schema === false) return;
    await this.connections.withClient(location.connectionString, (client) =>
      client.query(`create schema if not exists ${quoteIdentifier(location.schema)}`),
    );
  }

  /**
   * The pending migrations; with `admin`, the admin user and its role too, in the same
   * transaction (CREATING_ADMIN's and ASSIGNING_ROLES's work, done ahead: one commit).
   */
  async runMigrations(location: TenantLocation, options: { admin?: AdminUser } = {}): Promise<string[]> {
    const { admin } = options;
    const report = await migrateTenant(location, this.migrations, this.connections, {
      thenInTransaction: admin && ((client) => ensureUserWithRole(client, location, { ...admin, role: ADMIN_ROLE })),
    });
    return report.applied;
  }

  /** The admin user; `withAdminRole` grants its role in the same statement (ASSIGNING_ROLES's work, done ahead). */
  async createAdmin(
    location: TenantLocation,
    email: string,
    passwordHash: string,
    options: { withAdminRole?: boolean } = {},
  ): Promise<void> {
    await this.connections.withClient(location.connectionString, async (client) => {
      if (options.withAdminRole) await ensureUserWithRole(client, location, { email, passwordHash, role: ADMIN_ROLE });
      else await ensureUser(client, location, email, passwordHash);
    });
  }

  async assignAdminRole(location: TenantLocation, email: string): Promise<void> {
    await this.connections.withClient(location.connectionString, (client) =>
      grantRole(client, location, email, ADMIN_ROLE),
    );
  }

  /** The tenant's database answers and holds its schema (what an update relies on). */
  async checkReachable(location: TenantLocation): Promise<void> {
    await this.connections.withClient(location.connectionString, async (client) => {
      const found = await client.query({ ...SCHEMA_EXISTS, values: [location.schema] });
      if (found.rowCount === 0)
        throw new Error(`Schema ${location.schema} is missing from database ${location.database}`);
    });
  }

  /** Removes what creation made: the schema, or the whole ISOLATED database. */
  async drop(database: TenantDatabase, location: TenantLocation): Promise<void> {
    if (database.mode === 'ISOLATED') {
      await this.connections.forget(location.connectionString);
      await this.connections.withClient(this.tenantsDatabaseUrl, (client) =>
        client.query(`drop database if exists ${quoteIdentifier(location.database)} with (force)`),
      );
      return;
    }
    await this.connections.withClient(location.connectionString, (client) =>
      client.query(`drop schema if exists ${quoteIdentifier(location.schema)} cascade`),
    );
  }

  private async createIsolatedDatabase(name: string): Promise<void> {
    await this.connections.withClient(this.tenantsDatabaseUrl, async (client) => {
      const found = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount) return;
      if (await this.spares?.claim(client, name)) return;
      try {
        await client.query(`create database ${quoteIdentifier(name)}`);
      } catch (error) {
        // Another worker created it between our check and our create: that is the goal.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    });
  }
}
