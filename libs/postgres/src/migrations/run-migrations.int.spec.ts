import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { MigrationFailed, SchemaBehind } from './errors';
import { migrateCommand, MigrateTarget, runMigrateCommand } from './migrate-command';
import { MigrationSet, sqlMigration } from './migration';
import { prepareSchema } from './prepare-schema';
import { applyMigrations, pendingMigrations } from './run-migrations';

/** A component whose migrations fail when run twice (no IF NOT EXISTS) and log each run. */
const notes: MigrationSet = {
  component: 'notes',
  schema: 'notes',
  migrations: [
    sqlMigration('0001-notes', 'CREATE TABLE notes.notes (id int PRIMARY KEY, body text NOT NULL)'),
    sqlMigration('0002-notes-author', 'ALTER TABLE notes.notes ADD COLUMN author text'),
  ],
};
const withMigration = (set: MigrationSet, name: string, sql: string): MigrationSet => ({
  ...set,
  migrations: [...set.migrations, sqlMigration(name, sql)],
});

describe('control-plane migrations', () => {
  let database: TestDatabase;
  let db: Client;
  const history = async (schema: string) =>
    (
      await db.query<{ component: string; name: string }>(
        `SELECT component, name FROM "${schema}".tenantry_migrations ORDER BY 1, 2`,
      )
    ).rows.map((row) => `${row.component} ${row.name}`);
  const columns = async (table: string) =>
    (
      await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema || '.' || table_name = $1 ORDER BY ordinal_position`,
        [table],
      )
    ).rows.map((row) => row.column_name);

  beforeEach(async () => {
    database = await createTestDatabase('migrations');
    db = new Client({ connectionString: database.url });
    await db.connect();
  });
  afterEach(async () => {
    await db.end();
    await database.drop();
  });

  it('applies pending migrations in order, records each in the schema history, and then has nothing to apply', async () => {
    expect(await applyMigrations(database.url, [notes])).toEqual([
      { component: 'notes', name: '0001-notes' },
      { component: 'notes', name: '0002-notes-author' },
    ]);
    expect(await columns('notes.notes')).toEqual(['id', 'body', 'author']);
    expect(await history('notes')).toEqual(['notes 0001-notes', 'notes 0002-notes-author']);
    expect(await applyMigrations(database.url, [notes])).toEqual([]);
  });

  it('applies only what a newer version adds', async () => {
    await applyMigrations(database.url, [notes]);
    const newer = withMigration(notes, '0003-notes-index', 'CREATE INDEX notes_author ON notes.notes (author)');
    expect(await pendingMigrations(database.url, [newer])).toEqual([{ component: 'notes', name: '0003-notes-index' }]);
    expect(await applyMigrations(database.url, [newer])).toEqual([{ component: 'notes', name: '0003-notes-index' }]);
    expect(await pendingMigrations(database.url, [newer])).toEqual([]);
  });

  it('lets services that start together apply each migration exactly once (the migration lock)', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => applyMigrations(database.url, [notes])));
    expect(runs.flat().map((m) => m.name)).toEqual(['0001-notes', '0002-notes-author']);
    expect(await history('notes')).toEqual(['notes 0001-notes', 'notes 0002-notes-author']);
  });

  it('rolls back every pending migration of a component when one fails, names it, and keeps the components before it', async () => {
    const other: MigrationSet = {
      component: 'other',
      schema: 'public',
      migrations: [sqlMigration('0001-other', 'CREATE TABLE other (id int)')],
    };
    const broken = withMigration(notes, '0003-broken', 'ALTER TABLE notes.notes ADD COLUMN body text');
    const failure = await applyMigrations(database.url, [other, broken]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationFailed);
    expect((failure as MigrationFailed).migration).toEqual({ component: 'notes', name: '0003-broken' });
    expect((failure as MigrationFailed).sqlState).toBe('42701');
    expect((failure as Error).message).toMatch(
      /^Migration notes 0003-broken failed \(rolled back, nothing of it applied\): column "body"/,
    );
    expect(await history('public')).toEqual(['other 0001-other']);
    expect(await db.query(`SELECT to_regclass('notes.notes') AS found`)).toMatchObject({ rows: [{ found: null }] });
  });

  describe('at a service start', () => {
    it('in production, refuses a schema that is behind, naming `npm run migrate` and what is pending, and changes nothing', async () => {
      const refusal = await prepareSchema(database.url, [notes], { nodeEnv: 'production' }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(SchemaBehind);
      expect((refusal as Error).message).toContain('npm run migrate');
      expect((refusal as Error).message).toContain('notes 0001-notes, notes 0002-notes-author');
      expect(await db.query(`SELECT to_regclass('notes.tenantry_migrations') AS found`)).toMatchObject({
        rows: [{ found: null }],
      });
    });

    it('in production, starts on a current schema', async () => {
      await applyMigrations(database.url, [notes]);
      await expect(prepareSchema(database.url, [notes], { nodeEnv: 'production' })).resolves.toEqual([]);
    });

    it('in development and tests, migrates', async () => {
      const applied: string[] = [];
      await prepareSchema(database.url, [notes], { nodeEnv: 'test', onApplied: (m) => applied.push(m.name) });
      expect(applied).toEqual(['0001-notes', '0002-notes-author']);
      expect(await history('notes')).toEqual(['notes 0001-notes', 'notes 0002-notes-author']);
    });
  });

  describe('the migrate command', () => {
    const printed = () => {
      const lines: string[] = [];
      return {
        lines,
        output: { out: (line: string) => lines.push(line), err: (line: string) => lines.push(`! ${line}`) },
      };
    };

    it('lists what is pending with --dry-run, applies it without, and says the schema is current', async () => {
      const dry = printed();
      expect(await migrateCommand(database.url, [notes], dry.output, ['--dry-run'])).toBe(0);
      expect(dry.lines.slice(0, 2)).toEqual(['pending notes 0001-notes', 'pending notes 0002-notes-author']);
      expect(dry.lines[2]).toMatch(/2 migration\(s\) pending, nothing applied \(--dry-run\)$/);
      const run = printed();
      expect(await migrateCommand(database.url, [notes], run.output)).toBe(0);
      expect(run.lines.slice(0, 2)).toEqual(['applied notes 0001-notes', 'applied notes 0002-notes-author']);
      expect(run.lines[2]).toMatch(/applied 2 migration\(s\); the control-plane schema is current \(notes\)$/);
    });

    it('exits 1 naming the failed migration, without the password of the URL', async () => {
      const run = printed();
      const url = new URL(database.url);
      url.password = 'not-to-be-printed';
      const broken: MigrationSet = { ...notes, migrations: [sqlMigration('0001-broken', 'SELECT * FROM nowhere')] };
      expect(await migrateCommand(url.toString(), [broken], run.output)).toBe(1);
      expect(run.lines.join('\n')).toMatch(/^! migrate failed on .*: Migration notes 0001-broken failed/);
      expect(run.lines.join('\n')).not.toContain('not-to-be-printed');
    });

    it('refuses an unknown option with exit code 2 and applies nothing', async () => {
      const run = printed();
      expect(await migrateCommand(database.url, [notes], run.output, ['--force'])).toBe(2);
      expect(run.lines[0]).toContain('unknown option --force');
      expect(await pendingMigrations(database.url, [notes])).toHaveLength(2);
    });
  });

  describe("a service's migrate.js (runMigrateCommand)", () => {
    const run = async (target: () => MigrateTarget, args: string[] = []) => {
      const lines: string[] = [];
      const exits: number[] = [];
      const output = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(`! ${line}`) };
      await runMigrateCommand(target, { args, output, exit: (code) => exits.push(code) });
      return { lines, exits };
    };

    it('applies what its target names with the arguments it was given, then exits 0', async () => {
      const dry = await run(() => ({ databaseUrl: database.url, sets: [notes] }), ['--dry-run']);
      expect(dry).toMatchObject({ exits: [0], lines: expect.arrayContaining(['pending notes 0001-notes']) });
      expect(await run(() => ({ databaseUrl: database.url, sets: [notes] }))).toMatchObject({ exits: [0] });
      expect(await pendingMigrations(database.url, [notes])).toEqual([]);
    });

    it('exits 2 on an unknown option', async () =>
      expect((await run(() => ({ databaseUrl: database.url, sets: [notes] }), ['--force'])).exits).toEqual([2]));

    it('exits 1 with the reason when its target cannot be made (a configuration refused)', async () => {
      const refused = await run(() => {
        throw new Error('Invalid configuration: DATABASE_URL is required');
      });
      expect(refused).toEqual({
        exits: [1],
        lines: ['! migrate failed: Invalid configuration: DATABASE_URL is required'],
      });
    });
  });
});
