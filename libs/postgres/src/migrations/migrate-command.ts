import { describeMigration } from './errors';
import { MigrationSet } from './migration';
import { applyMigrations } from './run-migrations';

export interface MigrateCommandOutput {
  out(line: string): void;
  err(line: string): void;
}

const console_: MigrateCommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * `npm run migrate` and the images' `node services/<service>/dist/migrate.js`: applies
 * every pending migration of `sets`, printing each, and resolves to the exit code
 * (0: the schema is current; 1: a migration failed, rolled back, with the reason).
 */
export async function migrateCommand(
  databaseUrl: string,
  sets: MigrationSet[],
  output: MigrateCommandOutput = console_,
): Promise<number> {
  const where = redactedUrl(databaseUrl);
  try {
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
