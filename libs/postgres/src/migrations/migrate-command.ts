import { describeMigration } from './errors';
import { MigrationSet } from './migration';
import { applyMigrations, pendingMigrations } from './run-migrations';

export interface MigrateCommandOutput {
  out(line: string): void;
  err(line: string): void;
}

const console_: MigrateCommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export const MIGRATE_USAGE = `Usage: npm run migrate [-- --dry-run | --help]
  Applies every pending control-plane migration to DATABASE_URL, printing each.
  --dry-run  lists the pending migrations and applies nothing
Exit code: 0 current (or listed), 1 a migration failed (rolled back), 2 an unknown option.`;

/**
 * `npm run migrate` and the images' `node services/<service>/dist/migrate.js`: applies
 * every pending migration of `sets`, printing each, and resolves to the exit code
 * (0: the schema is current; 1: a migration failed, rolled back, with the reason;
 * 2: an unknown option, nothing done). `--dry-run` lists what is pending.
 */
export async function migrateCommand(
  databaseUrl: string,
  sets: MigrationSet[],
  output: MigrateCommandOutput = console_,
  args: string[] = [],
): Promise<number> {
  const where = redactedUrl(databaseUrl);
  if (args.includes('--help') || args.includes('-h')) {
    output.out(MIGRATE_USAGE);
    return 0;
  }
  const unknown = args.filter((arg) => arg !== '--dry-run');
  if (unknown.length > 0) {
    output.err(`migrate: unknown option ${unknown.join(' ')}\n${MIGRATE_USAGE}`);
    return 2;
  }
  try {
    if (args.includes('--dry-run')) {
      const pending = await pendingMigrations(databaseUrl, sets);
      for (const migration of pending) output.out(`pending ${describeMigration(migration)}`);
      output.out(`${where}: ${pending.length} migration(s) pending, nothing applied (--dry-run)`);
      return 0;
    }
    const applied = await applyMigrations(databaseUrl, sets, (migration) =>
      output.out(`applied ${describeMigration(migration)}`),
    );
    const components = sets.map((set) => set.component).join(', ');
    output.out(
      applied.length === 0
        ? `${where}: nothing to apply, the control-plane schema is current (${components})`
        : `${where}: applied ${applied.length} migration(s); the control-plane schema is current (${components})`,
    );
    return 0;
  } catch (error) {
    output.err(`migrate failed on ${where}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** What a migrate command works on: a database and the migration sets it should have. */
export interface MigrateTarget {
  databaseUrl: string;
  sets: MigrationSet[];
}

/**
 * The whole of a service's `migrate.js` (`node services/<service>/dist/migrate.js`) and of
 * `npm run migrate`: `migrateCommand` over what `target` names (it reads the configuration)
 * with the process's arguments, then exits with its code. A target that cannot be made
 * (a configuration refused) exits 1 with the reason. Resolves once `exit` was called.
 */
export async function runMigrateCommand(
  target: () => MigrateTarget | Promise<MigrateTarget>,
  {
    args = process.argv.slice(2),
    output = console_,
    exit = (code: number): void => process.exit(code),
  }: { args?: string[]; output?: MigrateCommandOutput; exit?: (code: number) => void } = {},
): Promise<void> {
  try {
    const { databaseUrl, sets } = await target();
    exit(await migrateCommand(databaseUrl, sets, output, args));
  } catch (error) {
    output.err(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
    exit(1);
  }
}

/** The URL without its password, for messages. */
export function redactedUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}
