import { Client, ClientBase, Pool } from 'pg';
import { Umzug, UmzugStorage } from 'umzug';
import { MigrationFailed, MigrationRef, MigrationsOutOfOrder } from './errors';
import { MigrationSet } from './migration';
import { inTransaction } from '../in-transaction';

/** Where each schema records the migrations applied to it: `"<schema>".tenantry_migrations`. */
export const MIGRATIONS_TABLE = 'tenantry_migrations';

/**
 * One key for every control-plane migration of a database: two processes that start
 * together (or a start and `npm run migrate`) apply them one after the other, and the
 * second finds nothing left to do. Transaction-scoped, so a pooled connection never keeps it.
 */
const MIGRATION_LOCK = 'tenantry.control-plane.migrations';

/** A database URL (one connection is opened and closed) or a pool to borrow one from. */
export type MigrationTarget = string | Pool;

/**
 * Applies every pending migration of `sets`, component by component, each component in
 * one transaction under the migration lock: all of a component's pending migrations, or
 * none. Returns what it applied, in order; idempotent (nothing pending: nothing done).
 */
export async function applyMigrations(
  target: MigrationTarget,
  sets: MigrationSet[],
  onApplied: (migration: MigrationRef) => void = () => undefined,
): Promise<MigrationRef[]> {
  return withClient(target, async (client) => {
    const applied: MigrationRef[] = [];
    for (const set of sets) {
      for (const name of await applySet(client, set)) {
        applied.push({ component: set.component, name });
        onApplied({ component: set.component, name });
      }
    }
    return applied;
  });
}

/** The migrations of `sets` the database has not applied, in order; reads only. */
export async function pendingMigrations(target: MigrationTarget, sets: MigrationSet[]): Promise<MigrationRef[]> {
  return withClient(target, async (client) => {
    const pending: MigrationRef[] = [];
    for (const set of sets) {
      const done = new Set(await appliedNames(client, set));
      for (const { name } of set.migrations) if (!done.has(name)) pending.push({ component: set.component, name });
    }
    return pending;
  });
}

/** Throws when a set's names are not unique and increasing: the order is the names' order. */
export function assertOrdered(set: MigrationSet): void {
  const names = set.migrations.map((migration) => migration.name);
  if (names.some((name, i) => i > 0 && !(names[i - 1]! < name))) throw new MigrationsOutOfOrder(set.component, names);
}

async function applySet(client: ClientBase, set: MigrationSet): Promise<string[]> {
  assertOrdered(set);
  const history = historyTable(set.schema);
  let failed: MigrationFailed | undefined;
  const umzug = new Umzug<ClientBase>({
    migrations: set.migrations.map((migration) => ({
      name: migration.name,
      up: async () => {
        try {
          await migration.up(client);
        } catch (error) {
          failed = new MigrationFailed({ component: set.component, name: migration.name }, error);
          throw failed;
        }
      },
    })),
    context: client,
    storage: historyStorage(history, set.component),
    logger: undefined,
  });
  try {
    return await inTransaction(
      client,
      async () => {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted(set.schema)}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${history} (
      component text NOT NULL,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (component, name)
    )`);
        const applied = await umzug.up();
        return applied.map((migration) => migration.name);
      },
      { lock: MIGRATION_LOCK },
    );
  } catch (error) {
    throw failed ?? error;
  }
}

/** umzug's record of what ran: rows of the schema's history table, written in the migration's transaction. */
function historyStorage(history: string, component: string): UmzugStorage<ClientBase> {
  return {
    async executed({ context }) {
      const { rows } = await context.query<{ name: string }>(
        `SELECT name FROM ${history} WHERE component = $1 ORDER BY name`,
        [component],
      );
      return rows.map((row) => row.name);
    },
    async logMigration({ name, context }) {
      await context.query(`INSERT INTO ${history} (component, name) VALUES ($1, $2)`, [component, name]);
    },
    async unlogMigration({ name, context }) {
      await context.query(`DELETE FROM ${history} WHERE component = $1 AND name = $2`, [component, name]);
    },
  };
}

async function appliedNames(client: ClientBase, set: MigrationSet): Promise<string[]> {
  const history = historyTable(set.schema);
  const { rows } = await client.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [history]);
  if (!rows[0]?.found) return [];
  const applied = await client.query<{ name: string }>(`SELECT name FROM ${history} WHERE component = $1`, [
    set.component,
  ]);
  return applied.rows.map((row) => row.name);
}

const historyTable = (schema: string) => `${quoted(schema)}.${MIGRATIONS_TABLE}`;

function quoted(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

async function withClient<T>(target: MigrationTarget, work: (client: ClientBase) => Promise<T>): Promise<T> {
  if (typeof target !== 'string') {
    const client = await target.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }
  const client = new Client({ connectionString: target, application_name: 'tenantry-migrate' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
