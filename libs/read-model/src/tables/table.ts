/**
 * One declaration per read-model table: its column list gives the MikroORM entity schema
 * (which creates the table), the row type, the SQL column lists of the set-based writers
 * (unnest.ts) and of the reads, and the decoding of what a read returns.
 */
import { EntitySchema } from '@mikro-orm/core';
import type { ColumnKind } from './column';
import type { Column } from './unnest';

/** The read-model tables live in their own PostgreSQL schema: creating or dropping them touches nothing else. */
export const READ_MODEL_SCHEMA = 'read_model';

type Columns = Record<string, ColumnKind<unknown>>;
type ValueOf<K> = K extends ColumnKind<infer T> ? T : never;

type RowOfColumns<C extends Columns> = { -readonly [P in keyof C]: ValueOf<C[P]> };
/** A row as written: without the columns the database fills (a bigserial). */
type WrittenRowOfColumns<C extends Columns> = {
  -readonly [P in keyof C as C[P] extends { readonly generated: true } ? never : P]: ValueOf<C[P]>;
};

/** A row of a table (`RowOf<typeof TENANTS>`), by property name. */
export type RowOf<T> = T extends Table<infer C> ? RowOfColumns<C> : never;

export interface TableSpec<C extends Columns> {
  /** Table name in the `read_model` schema. */
  name: string;
  /** MikroORM entity name. */
  entity: string;
  columns: C;
  /** Column indexes by property, or an expression index (its whole CREATE INDEX statement). */
  indexes?: Array<{ name?: string; properties: Array<keyof C & string> } | { name: string; expression: string }>;
  uniques?: Array<{ name?: string; properties: Array<keyof C & string> }>;
}

export interface Table<C extends Columns> {
  name: string;
  /** `"read_model"."<name>"`. */
  sqlName: string;
  entity: EntitySchema<RowOfColumns<C>>;
  /** The written columns (all but generated ones), in declaration order, fed from a row. */
  written: readonly Column<WrittenRowOfColumns<C>>[];
  /** `"is_active" as "isActive", …`: a select that returns rows by property name. */
  selectList: string;
  /** Decodes a row returned by `selectList` (or its `json_agg`): dates, bigints, JSON text. */
  rowOf(raw: Record<string, unknown>): RowOfColumns<C>;
}

/** The column of a property: `isActive` → `is_active` (MikroORM's underscore naming). */
export const columnName = (property: string): string => property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function defineTable<C extends Columns>(spec: TableSpec<C>): Table<C> {
  const properties = Object.entries(spec.columns);
  const entity = new EntitySchema<RowOfColumns<C>>({
    name: spec.entity,
    tableName: spec.name,
    schema: READ_MODEL_SCHEMA,
    ...(spec.indexes ? { indexes: spec.indexes as never } : {}),
    ...(spec.uniques ? { uniques: spec.uniques as never } : {}),
    properties: Object.fromEntries(
      properties.map(([property, kind]) => [property, { ...kind.property, fieldName: columnName(property) }]),
    ) as never,
  });
  const written = properties
    .filter(([, kind]) => !kind.generated)
    .map(([property, kind]): Column<WrittenRowOfColumns<C>> => ({
      name: columnName(property),
      type: kind.sqlType,
      value: (row) => kind.encode((row as Record<string, unknown>)[property]),
    }));
  return {
    name: spec.name,
    sqlName: `"${READ_MODEL_SCHEMA}"."${spec.name}"`,
    entity,
    written,
    selectList: properties.map(([property]) => `"${columnName(property)}" as "${property}"`).join(', '),
    rowOf(raw) {
      const row: Record<string, unknown> = {};
      for (const [property, kind] of properties) row[property] = kind.decode(raw[property]);
      return row as RowOfColumns<C>;
    },
  };
}
