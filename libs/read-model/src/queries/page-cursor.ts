/**
 * Cursors of the paged lists (tenants, operations, a tenant's history): the sort key of
 * the last item seen, opaque to clients (base64url of a small JSON array tagged with its
 * list), so a page resumes after that place in the order whatever was added since.
 * Timestamps travel as integer microseconds since the epoch, PostgreSQL's own precision:
 * a millisecond Date would repeat or skip rows that share a millisecond.
 */
import { InvalidCursor } from './cursor';

export type PageCursorKind = 'tenants' | 'operations' | 'history';

/** Newest first: the item's time (µs since the epoch, as a decimal string) then its id, or a version. */
export type PageKey = { at: string; id: string } | { version: number };

const MICROS = /^-?\d{1,17}$/;
const MAX_ID_LENGTH = 256;

export function encodePageCursor(kind: PageCursorKind, key: PageKey): string {
  const parts = 'version' in key ? [kind, key.version] : [kind, key.at, key.id];
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The key a cursor names, or InvalidCursor: it must come from the same list. */
export function decodePageCursor(kind: 'tenants' | 'operations', cursor: string): { at: string; id: string };
export function decodePageCursor(kind: 'history', cursor: string): { version: number };
export function decodePageCursor(kind: PageCursorKind, cursor: string): PageKey {
  const parsed = parse(cursor);
  if (!Array.isArray(parsed)) throw new InvalidCursor(cursor);
  const parts = parsed as unknown[];
  if (parts[0] !== kind) throw new InvalidCursor(cursor);
  if (kind === 'history') {
    const [, version] = parts;
    if (parts.length !== 2 || !Number.isSafeInteger(version) || (version as number) < 0)
      throw new InvalidCursor(cursor);
    return { version: version as number };
  }
  const [, at, id] = parts;
  if (parts.length !== 3 || typeof at !== 'string' || !MICROS.test(at) || typeof id !== 'string')
    throw new InvalidCursor(cursor);
  if (id.length === 0 || id.length > MAX_ID_LENGTH || id.includes('\u0000')) throw new InvalidCursor(cursor);
  return { at, id };
}

function parse(cursor: string): unknown {
  if (cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
