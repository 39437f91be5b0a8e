import { MigrationFolderInvalid, orderMigrationFiles } from './migration-files';

describe('the files of a migrations folder', () => {
  it('are the .sql and .js files, in code point order of their file names, named without the extension', () => {
    expect(
      orderMigrationFiles([
        '010-b.sql',
        '002-a.js',
        'README.md',
        '001-z.sql',
        '003.js.map',
        'types.d.ts',
        'Z-upper.sql',
      ]),
    ).toEqual([
      { name: '001-z', file: '001-z.sql', kind: 'sql' },
      { name: '002-a', file: '002-a.js', kind: 'js' },
      { name: '010-b', file: '010-b.sql', kind: 'sql' },
      { name: 'Z-upper', file: 'Z-upper.sql', kind: 'sql' },
    ]);
  });

  it('ignore hidden files (editor swap files, .DS_Store)', () => {
    expect(orderMigrationFiles(['.001-x.sql', '001-x.sql']).map((f) => f.file)).toEqual(['001-x.sql']);
  });

  it('are refused when a .sql and a .js share a name, naming both', () => {
    expect(() => orderMigrationFiles(['001-notes.sql', '001-notes.js'])).toThrow(MigrationFolderInvalid);
    expect(() => orderMigrationFiles(['001-notes.sql', '001-notes.js'])).toThrow(/001-notes\.js and 001-notes\.sql/);
  });

  it("are refused when one takes the name of Tenantry's own migration", () => {
    expect(() => orderMigrationFiles(['Migration1Users.js'], ['Migration1Users'])).toThrow(
      /Migration1Users\.js .*Tenantry's own/,
    );
  });

  it('may be none', () => {
    expect(orderMigrationFiles([])).toEqual([]);
  });
});
