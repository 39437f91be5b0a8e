/**
 * One statement per chunk of rows: every column travels as one array parameter and
 * `unnest` turns the arrays back into rows, so a chunk of thousands of rows costs a
 * handful of parameters instead of one placeholder per value.
 */
import { arrayLiteral } from '@tenantry/postgres';

/** A table column fed from a row of type T: its name, its PostgreSQL type, its value. */
export interface Column<T> {
  name: string;
  /** Element type of the array parameter (`text`, `timestamptz`, `jsonb`, …). */
  type: string;
  value(row: T): unknown;
}

export interface UnnestOptions {
  /** Number of the first parameter ($1 by default): the statement may have others before. */
  firstParameter?: number;
  /** Adds the row's 1-based position as column "ordinality". */
  ordinality?: boolean;
}

/** `insert into <table> (<columns>) select * from unnest($1::<type>[], …) as input(…)`; append the conflict clause. */
export const unnestInsert = <T>(table: string, columns: readonly Column<T>[], options: UnnestOptions = {}): string =>
  `insert into ${table} (${columnList(columns)}) ${unnestSelect(columns, options)}`;

/** `select * from unnest($1::<type>[], …) as input(<columns>)`. */
export const unnestSelect = <T>(columns: readonly Column<T>[], options: UnnestOptions = {}): string => {
  const first = options.firstParameter ?? 1;
  const arrays = columns.map((c, i) => `$${first + i}::${c.type}[]`).join(', ');
  const names = options.ordinality ? `${columnList(columns)}, "ordinality"` : columnList(columns);
  return `select * from unnest(${arrays})${options.ordinality ? ' with ordinality' : ''} as input(${names})`;
};

export const columnList = <T>(columns: readonly Column<T>[]): string => columns.map((c) => `"${c.name}"`).join(', ');

/** The parameters of an unnest statement: one array literal per column, in column order. */
export const columnArrays = <T>(columns: readonly Column<T>[], rows: readonly T[]): string[] =>
  columns.map((column) => arrayLiteral(rows.map((row) => column.value(row))));

/** `"a" = excluded."a", …` for an upsert that replaces every column but the key. */
export const replaceAllBut = <T>(columns: readonly Column<T>[], key: string): string =>
  columns
    .filter((c) => c.name !== key)
    .map((c) => `"${c.name}" = excluded."${c.name}"`)
    .join(', ');
