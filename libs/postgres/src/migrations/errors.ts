/** One migration pending in one component, e.g. `read-model 0002-drop-upgrades`. */
export interface MigrationRef {
  component: string;
  name: string;
}

export const describeMigration = (ref: MigrationRef): string => `${ref.component} ${ref.name}`;

/**
 * A production start found migrations this version needs and the database lacks. The
 * operator runs the command (before the new version starts); nothing was changed.
 */
export class SchemaBehind extends Error {
  readonly code = 'SCHEMA_BEHIND';
  constructor(readonly pending: MigrationRef[]) {
    super(
      `The control-plane schema is behind this version: ${pending.length} migration(s) pending ` +
        `(${pending.map(describeMigration).join(', ')}). Run \`npm run migrate\` against this DATABASE_URL ` +
        `(in a container: node services/<service>/dist/migrate.js), then start the service again.`,
    );
    this.name = 'SchemaBehind';
  }
}

/** A migration failed: names it, keeps the database's message and SQLSTATE; its transaction was rolled back. */
export class MigrationFailed extends Error {
  readonly code = 'MIGRATION_FAILED';
  readonly sqlState: string | undefined;
  constructor(
    readonly migration: MigrationRef,
    cause: unknown,
  ) {
    const message = (cause as { message?: unknown })?.message;
    super(
      `Migration ${describeMigration(migration)} failed (rolled back, nothing of it applied): ${
        typeof message === 'string' ? message : String(cause)
      }`,
      { cause },
    );
    this.name = 'MigrationFailed';
    this.sqlState = (cause as { code?: string })?.code;
  }
}

/** A component's migrations are not in strictly increasing name order (a programming error, caught by a spec). */
export class MigrationsOutOfOrder extends Error {
  readonly code = 'MIGRATIONS_OUT_OF_ORDER';
  constructor(component: string, names: string[]) {
    super(`Migrations of ${component} must have unique names in increasing order: ${names.join(', ')}`);
    this.name = 'MigrationsOutOfOrder';
  }
}
