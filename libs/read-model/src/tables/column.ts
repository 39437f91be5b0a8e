/**
 * The column kinds of the read-model tables. Each knows its PostgreSQL type, how a row's
 * value travels to SQL (an element of an `unnest` array parameter) and back (from pg, or
 * from `json_agg`, where dates are ISO strings), and how MikroORM declares it (the
 * entity schema that creates the table).
 */
import { BigIntType } from '@mikro-orm/core';

export interface ColumnKind<T> {
  /** Element type of the array parameter (`text`, `timestamptz`, `jsonb`, …). */
  readonly sqlType: string;
  /** The MikroORM property (type, nullable, primary, …) without its name. */
  readonly property: Record<string, unknown>;
  /** Filled by the database (a bigserial): never written. */
  readonly generated: boolean;
  /** Row value → array element. */
  encode(value: T): unknown;
  /** What pg or JSON returns → row value. */
  decode(value: unknown): T;
}

const same = <T>(value: unknown): T => value as T;

const kind = <T>(
  sqlType: string,
  property: Record<string, unknown>,
  codec: Partial<Pick<ColumnKind<T>, 'encode' | 'decode'>> = {},
): ColumnKind<T> => ({ sqlType, property, generated: false, encode: same, decode: same, ...codec });

/** Text, or a union of strings (an enum of the domain) that the projection alone writes. */
export const text = <T extends string = string>(): ColumnKind<T> => kind('text', { type: 'text' });
export const boolean = (): ColumnKind<boolean> => kind('boolean', { type: 'boolean' });
export const integer = (): ColumnKind<number> => kind('integer', { type: 'integer' });

/** A bigint that fits a JavaScript number (stream sequences). */
export const bigint = (): ColumnKind<number> =>
  kind('bigint', { type: new BigIntType('number') }, { decode: (value) => Number(value) });

export const timestamptz = (): ColumnKind<Date> =>
  kind(
    'timestamptz',
    { type: 'Date', columnType: 'timestamptz' },
    {
      encode: (date: Date) => date.toISOString(),
      decode: (value) => (value instanceof Date ? value : new Date(value as string)),
    },
  );

/** A JSON value, written as its JSON text, read back parsed. */
export const json = <T>(): ColumnKind<T> =>
  kind<T>('jsonb', { type: 'json' }, { encode: (value) => JSON.stringify(value) });

/** A JSON value the row holds as JSON text (the history's `data`, already serialised by the projection). */
export const jsonText = (): ColumnKind<string> =>
  kind<string>('jsonb', { type: 'json' }, { decode: (value) => JSON.stringify(value) });

/** A bigserial primary key, as a decimal string (a cursor). */
export const serial = (): ColumnKind<string> & { readonly generated: true } => ({
  ...kind<string>('bigint', { type: new BigIntType('string'), primary: true, autoincrement: true }, { decode: String }),
  generated: true as const,
});

export const primary = <T>(column: ColumnKind<T>): ColumnKind<T> => ({
  ...column,
  property: { ...column.property, primary: true },
});

export const nullable = <T>(column: ColumnKind<T>): ColumnKind<T | null> => ({
  ...column,
  property: { ...column.property, nullable: true },
  encode: (value) => (value === null || value === undefined ? null : column.encode(value)),
  decode: (value) => (value === null || value === undefined ? null : column.decode(value)),
});
