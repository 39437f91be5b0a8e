import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Migration } from '@mikro-orm/migrations';
import { MigrationFile, MigrationFolderInvalid, orderMigrationFiles } from './migration-files';
import { TENANT_MIGRATIONS, TenantMigration } from './migrations';

/**
 * The application's tenant migrations (TENANT_MIGRATIONS_DIR), read once at start:
 * a missing folder, twin names or a `.js` file without a Migration class stop the
 * process there rather than failing tenants one by one later.
 */
export function listMigrationFolder(dir: string): MigrationFile[] {
  const folder = resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new MigrationFolderInvalid(`TENANT_MIGRATIONS_DIR: ${folder} is not a folder`);
  }
  return orderMigrationFiles(
    readdirSync(folder),
    TENANT_MIGRATIONS.map((m) => m.name),
  );
}

/** The folder's migrations, ready to apply (`.js` files are loaded here). */
export function loadMigrationFolder(dir: string): TenantMigration[] {
  const folder = resolve(dir);
  return listMigrationFolder(folder).map((entry) => {
    const path = join(folder, entry.file);
    const migrationClass =
      entry.kind === 'sql' ? sqlMigration(readFileSync(path, 'utf8')) : migrationClassOf(path, entry.file);
    return { name: entry.name, file: entry.file, class: migrationClass };
  });
}

/** Tenantry's identity tables first, then the application's migrations. */
export const allTenantMigrations = (application: TenantMigration[] = []): TenantMigration[] => [
  ...TENANT_MIGRATIONS,
  ...application,
];

/** What every tenant gets with this TENANT_MIGRATIONS_DIR (unset: Tenantry's own only). */
export const tenantMigrationsFor = (dir: string | undefined): TenantMigration[] =>
  allTenantMigrations(dir ? loadMigrationFolder(dir) : []);

/** The names only (what the gateway shows as pending), without loading any code. */
export const allTenantMigrationNames = (dir: string | undefined): string[] => [
  ...TENANT_MIGRATIONS.map((m) => m.name),
  ...(dir ? listMigrationFolder(dir).map((f) => f.name) : []),
];

/** A SQL file as a migration: run as written, with `search_path` set to the tenant's schema. */
function sqlMigration(sql: string): TenantMigration['class'] {
  return class SqlFileMigration extends Migration {
    override up(): void {
      if (sql.trim()) this.addSql(sql);
    }
  };
}

function migrationClassOf(path: string, file: string): TenantMigration['class'] {
  let exported: unknown;
  try {
    exported = requireMigration(path);
  } catch (error) {
    throw new MigrationFolderInvalid(`Migration ${file} could not be loaded: ${messageOf(error)}`);
  }
  const candidates =
    typeof exported === 'function' ? [exported] : Object.values((exported ?? {}) as Record<string, unknown>);
  const classes = [...new Set(candidates.filter(isMigrationClass))];
  if (classes.length !== 1) {
    throw new MigrationFolderInvalid(
      `Migration ${file} must export one MikroORM Migration class (a class extending Migration from @mikro-orm/migrations); it exports ${classes.length}`,
    );
  }
  return classes[0] as TenantMigration['class'];
}

/**
 * By shape, not by `instanceof`: the application may have its own copy of
 * @mikro-orm/migrations, whose Migration is another class than ours.
 */
function isMigrationClass(value: unknown): boolean {
  if (typeof value !== 'function') return false;
  const prototype = (value as { prototype?: Record<string, unknown> }).prototype;
  return !!prototype && ['up', 'addSql', 'getQueries'].every((method) => typeof prototype[method] === 'function');
}

/**
 * Loads a compiled (CommonJS) migration. Its own `require`s resolve from its folder
 * first, then from Tenantry's modules, so a folder mounted without node_modules (a
 * container volume) still finds @mikro-orm/migrations.
 */
function requireMigration(path: string): unknown {
  const internals = Module as unknown as { _nodeModulePaths(dir: string): string[] };
  const loaded = new Module(path) as Module & { _compile(source: string, filename: string): void };
  loaded.filename = path;
  loaded.paths = [...new Set([...internals._nodeModulePaths(dirname(path)), ...internals._nodeModulePaths(__dirname)])];
  loaded._compile(readFileSync(path, 'utf8'), path);
  return loaded.exports;
}

/** The message of an error thrown by loaded code (another realm under a test runner, so not `instanceof Error`). */
const messageOf = (error: unknown): string =>
  typeof (error as { message?: unknown })?.message === 'string'
    ? (error as { message: string }).message
    : String(error);
