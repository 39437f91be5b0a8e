import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allTenantMigrationNames, loadMigrationFolder, tenantMigrationsFor } from './migration-folder';
import { TENANT_MIGRATIONS } from './migrations';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'notes-saas', 'migrations');
const OWN = TENANT_MIGRATIONS.map((m) => m.name);

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'migration-folder-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The example's folder in a fresh folder outside the repository (no node_modules near it), plus `extra`. */
const folderWith = (extra: Record<string, string>) => {
  const dir = mkdtempSync(join(scratch, 'migrations-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  for (const [file, text] of Object.entries(extra)) writeFileSync(join(dir, file), text);
  return dir;
};

describe('loading the application migrations folder', () => {
  it("gives Tenantry's migrations, then the folder's in file name order, each with its file", () => {
    const migrations = tenantMigrationsFor(EXAMPLE);
    expect(migrations.map((m) => [m.name, m.file])).toEqual([
      ...OWN.map((name) => [name, undefined]),
      ['001-create-notes', '001-create-notes.sql'],
      ['002-add-notes-pinned', '002-add-notes-pinned.sql'],
      ['003-create-note-tags', '003-create-note-tags.js'],
    ]);
    expect(tenantMigrationsFor(undefined).map((m) => m.name)).toEqual(OWN);
  });

  it('names the same migrations without loading any code (what the gateway needs)', () => {
    expect(allTenantMigrationNames(EXAMPLE)).toEqual([
      ...OWN,
      '001-create-notes',
      '002-add-notes-pinned',
      '003-create-note-tags',
    ]);
    expect(allTenantMigrationNames(folderWith({ '004-throws.js': 'throw new Error("boom");' }))).toContain(
      '004-throws',
    );
  });

  it("loads a compiled class from a folder without node_modules (its require finds Tenantry's)", () => {
    expect(loadMigrationFolder(folderWith({})).map((m) => m.name)).toContain('003-create-note-tags');
  });

  it('refuses a missing folder, a .js file without a Migration class or failing to load, and twin names', () => {
    expect(() => loadMigrationFolder(join(scratch, 'absent'))).toThrow(/absent is not a folder/);
    expect(() => loadMigrationFolder(folderWith({ '004-nothing.js': 'exports.value = 42;' }))).toThrow(
      /004-nothing\.js must export one MikroORM Migration class/,
    );
    expect(() =>
      loadMigrationFolder(
        folderWith({
          '004-two.js':
            'const { Migration } = require("@mikro-orm/migrations"); exports.A = class extends Migration { up() {} }; exports.B = class extends Migration { up() {} };',
        }),
      ),
    ).toThrow(/004-two\.js must export one MikroORM Migration class .*it exports 2/);
    expect(() => loadMigrationFolder(folderWith({ '001-create-notes.js': 'exports.value = 42;' }))).toThrow(
      /001-create-notes\.js and 001-create-notes\.sql/,
    );
    expect(() => loadMigrationFolder(folderWith({ '004-throws.js': 'throw new Error("boom");' }))).toThrow(
      /004-throws\.js could not be loaded: boom/,
    );
  });
});
