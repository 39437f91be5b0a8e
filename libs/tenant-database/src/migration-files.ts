/**
 * Which files of an application's migrations folder are migrations, and in which
 * order: `*.sql` and `*.js` (compiled MikroORM `Migration` classes), sorted by file
 * name (code point order, the same on every machine). Other files (README, source
 * maps, `.d.ts`) are ignored. Pure, so the rules are checked without a disk.
 */
export interface MigrationFile {
  /** The name recorded in the tenant's migrations table: the file name without its extension. */
  name: string;
  /** The file name, as errors show it. */
  file: string;
  kind: 'sql' | 'js';
}

export class MigrationFolderInvalid extends Error {
  readonly code = 'MIGRATION_FOLDER_INVALID';
  override name = 'MigrationFolderInvalid';
}

const KINDS: Record<string, MigrationFile['kind']> = { '.sql': 'sql', '.js': 'js' };

export function orderMigrationFiles(fileNames: string[], reservedNames: string[] = []): MigrationFile[] {
  const files = fileNames.flatMap((file): MigrationFile[] => {
    const match = /^(.+)(\.sql|\.js)$/.exec(file);
    return match && !file.startsWith('.') ? [{ name: match[1]!, file, kind: KINDS[match[2]!]! }] : [];
  });
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const byName = new Map<string, string[]>();
  for (const { name, file } of files) byName.set(name, [...(byName.get(name) ?? []), file]);
  const twins = [...byName.values()].filter((same) => same.length > 1);
  if (twins.length > 0) {
    throw new MigrationFolderInvalid(
      `Two migrations share a name (a migration is recorded by its name without the extension): ${twins.map((t) => t.join(' and ')).join('; ')}. Keep one of each.`,
    );
  }
  const taken = files.filter((f) => reservedNames.includes(f.name));
  if (taken.length > 0) {
    throw new MigrationFolderInvalid(
      `Migration ${taken.map((f) => f.file).join(', ')} has the name of one of Tenantry's own migrations: rename it.`,
    );
  }
  return files;
}
