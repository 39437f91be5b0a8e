/**
 * One statement per chunk of rows: every column travels as one array parameter and
 * `unnest` turns the arrays back into rows, so a chunk of thousands of rows costs a
 * handful of parameters instead of one placeholder per value.
 */

/** A table column fed from a row of type T: its name, its PostgreSQL type, its value. */
export interface Column<T> {
  name: string;
  /** Element type of the array parameter (`text`, `timestamptz`, `jsonb`, …). */
  type: string;
  value(row: T): unknown;
}

/** `insert into <table> (<columns>) select * from unnest($1::<type>[], …)`; append the conflict clause. */
export const unnestInsert = <T>(table: string, columns: readonly Column<T>[]): string =>
  `insert into ${table} (${columnList(columns)}) ${unnestSelect(columns)}`;

/**
 * `select * from unnest($1::<type>[], …) as input(<columns>)`, parameters numbered from 1;
 * `ordinality` adds the row's 1-based position as column "ordinality".
 */
export const unnestSelect = <T>(columns: readonly Column<T>[], options: { ordinality?: boolean } = {}): string => {
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const names = options.ordinality ? `${columnList(columns)}, "ordinality"` : columnList(columns);
  return `select * from unnest(${arrays})${options.ordinality ? ' with ordinality' : ''} as input(${names})`;
};

export const columnList = <T>(columns: readonly Column<T>[]): string => columns.map((c) => `"${c.name}"`).join(', ');

/** The parameters of an unnest statement: one array per column, in column order. */
export const columnArrays = <T>(columns: readonly Column<T>[], rows: readonly T[]): unknown[][] =>
  columns.map((column) => rows.map((row) => column.value(row)));

/** `"a" = excluded."a", …` for an upsert that replaces every column but the key. */
export const replaceAllBut = <T>(columns: readonly Column<T>[], key: string): string =>
  columns.filter((c) => c.name !== key).map((c) => `"${c.name}" = excluded."${c.name}"`).join(', ');
