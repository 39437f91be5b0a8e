/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) for a one-dimensional array parameter,
 * cast in SQL to its element type (`$1::text[]`). pg serialises arrays itself, but about
 * ten times slower on chunks of thousands of rows (two regular expressions per element).
 */
export function arrayLiteral(values: readonly unknown[]): string {
  // One growing string: V8 concatenates without copying until the string is used.
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) literal += ',';
    literal += element(values[i]);
  }
  return `${literal}}`;
}

/**
 * Numbers and booleans bare; text always quoted (so a string "NULL" stays one), `"` and `\` escaped;
 * a date as ISO text, any other object as its JSON (never `[object Object]`).
 */
function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  return text.indexOf('"') === -1 && text.indexOf('\\') === -1 ? `"${text}"` : `"${text.replace(/["\\]/g, '\\$&')}"`;
}
