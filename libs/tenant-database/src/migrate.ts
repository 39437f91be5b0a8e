import type { Migration } from '@mikro-orm/migrations';
import { Client, ClientBase } from 'pg';
import { TenantConnections, quoteIdentifier } from './connections';
import { TenantLocation } from './location';
import { TENANT_MIGRATIONS, TenantMigration } from './migrations';
import { migrationContext } from './migration-context';

export interface MigrationReport {
  applied: string[];
}

/**
 * A migration failed: names its file (or class) and keeps the database's message and
 * SQLSTATE `code`, so the failure is classified (transient or not) as the driver's own.
 */
export class TenantMigrationFailed extends Error {
  override name = 'TenantMigrationFailed';
  readonly code: string | undefined;
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    // Duck-typed: an error thrown by a loaded migration file may come from another realm.
    const message = (cause as { message?: unknown })?.message;
    super(`Migration ${migration} failed: ${typeof message === 'string' ? message : String(cause)}`, { cause });
    this.code = (cause as { code?: string })?.code;
  }
}

/**
 * Brings the tenant's schema up to date. Migrations are MikroORM `Migration` classes
 * (the authoring format, and `<schema>.mikro_orm_migrations` is the table MikroORM's
 * migrator keeps, so its CLI reads the same history), applied here in one transaction
 * on one connection: MikroORM's migrator costs ~300 ms a tenant (ORM start-up, table
 * listing, several transactions), this ~10 ms. All or nothing: a failed migration
 * leaves the schema as it was. A transaction-scoped advisory lock per schema keeps two
 * workers from migrating one tenant at once.
 */
export async function migrateTenant(
  location: TenantLocation,
  migrations: TenantMigration[] = TENANT_MIGRATIONS,
  connections?: TenantConnections,
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  if (connections)
    return connections.withClient(location.connectionString, (client) =>
      migrateSchema(client, location.schema, migrations, options),
    );
  const client = new Client({ connectionString: location.connectionString });
  await client.connect();
  try {
    return await migrateSchema(client, location.schema, migrations, options);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface MigrateOptions {
  /**
   * More work in the migrations' transaction, after them (a new tenant's first rows): it
   * commits with them, in one commit, or fails with them. Runs even when none was pending.
   */
  thenInTransaction?: (client: ClientBase) => Promise<void>;
}

/** The name of the table holding a schema's applied migrations. */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/**
 * `migrateTenant` on a client the caller holds (outside any transaction of its own).
 * Round trips are few, because a tenant's provisioning holds a connection for them:
 * one opens the transaction, takes the lock, creates the schema and the table and reads
 * what is applied; one sends every pending migration's SQL and record (a migration that
 * queries in `up()` through `this.execute` first sends what came before it, so it sees
 * it); then `thenInTransaction`'s, and COMMIT. Should that batch fail, everything is
 * rolled back and applied again one migration per round trip, so the error names the
 * migration that failed (and a failure that does not repeat is no failure).
 */
export async function migrateSchema(
  client: ClientBase,
  schema: string,
  migrations: TenantMigration[],
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  try {
    return await migrateInTransaction(client, schema, migrations, options, 'batched');
  } catch (error) {
    if (!(error instanceof BatchFailed)) throw error;
    return migrateInTransaction(client, schema, migrations, options, 'one by one');
  }
}

/** A batch of several migrations failed: which one is not known yet. */
class BatchFailed extends Error {}

interface Pending {
  name: string;
  file?: string;
  sql: string;
}

async function migrateInTransaction(
  client: ClientBase,
  schema: string,
  migrations: TenantMigration[],
  options: MigrateOptions,
  mode: 'batched' | 'one by one',
): Promise<MigrationReport> {
  const s = quoteIdentifier(schema);
  const table = `${s}.${MIGRATIONS_TABLE}`;
  let batch: Pending[] = [];
  const send = async () => {
    const sent = batch;
    batch = [];
    if (sent.length === 0) return;
    try {
      // A newline before each `;`: a statement that ends in a -- comment must not swallow the next.
      await client.query(sent.map((pending) => pending.sql).join('\n;\n'));
    } catch (error) {
      if (sent.length > 1) throw new BatchFailed('a batch of migrations failed', { cause: error });
      throw new TenantMigrationFailed(sent[0]!.file ?? sent[0]!.name, error);
    }
  };
  try {
    const opened: unknown = await client.query(
      [
        'begin',
        `select pg_advisory_xact_lock(hashtext(${client.escapeLiteral(`tenantry-migrate:${schema}`)}))`,
        `create schema if not exists ${s}`,
        // Unqualified names in a migration mean the tenant's schema, and only it (not public).
        `set local search_path to ${s}`,
        // MikroORM's own layout of the table (knex increments, string, dateTime).
        `create table if not exists ${table} (id serial primary key, name varchar(255), executed_at timestamptz default current_timestamp)`,
        `select name from ${table}`,
      ].join(';\n'),
    );
    // Several statements: one result each, the names last.
    const results = (Array.isArray(opened) ? opened : [opened]) as { rows: { name: string }[] }[];
    const done = new Set(results[results.length - 1]!.rows.map((row) => row.name));
    const applied: string[] = [];
    for (const { name, file, class: MigrationClass } of migrations) {
      if (done.has(name)) continue;
      let sql: string;
      try {
        const context = migrationContext(client, schema, send);
        const migration = new (MigrationClass as unknown as new (...args: typeof context) => Migration)(...context);
        migration.setTransactionContext(client);
        await migration.up();
        const queries = migration.getQueries();
        if (!queries.every((query): query is string => typeof query === 'string'))
          throw new Error(`tenant migrations add SQL as strings (addSql('…'))`);
        sql = [...queries, `insert into ${table} (name) values (${client.escapeLiteral(name)})`].join('\n;\n');
      } catch (error) {
        if (error instanceof BatchFailed || error instanceof TenantMigrationFailed) throw error;
        throw new TenantMigrationFailed(file ?? name, error);
      }
      batch.push({ name, file, sql });
      if (mode === 'one by one') await send();
      applied.push(name);
    }
    await send();
    await options.thenInTransaction?.(client);
    await client.query('commit');
    return { applied };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

export interface SchemaVersion {
  /** Applied migrations, in the order they were applied. */
  applied: string[];
  /** Known migrations (`known`, in order) not yet applied. */
  pending: string[];
}

/** What a tenant's schema has applied and what of `known` it still lacks; a schema without the table has applied nothing. */
export async function readSchemaVersion(client: ClientBase, schema: string, known: string[]): Promise<SchemaVersion> {
  const table = `${quoteIdentifier(schema)}.${MIGRATIONS_TABLE}`;
  const found = await client.query<{ found: string | null }>('select to_regclass($1) as found', [table]);
  const applied = found.rows[0]?.found
    ? (await client.query<{ name: string }>(`select name from ${table} order by id`)).rows.map((row) => row.name)
    : [];
  const done = new Set(applied);
  return { applied, pending: known.filter((name) => !done.has(name)) };
}
