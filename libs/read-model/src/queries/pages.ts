/**
 * Keyset pagination over the read-model tables, newest first: a page is the `first + 1`
 * rows after the cursor's sort key in index order (one more tells whether a next page
 * exists), never an OFFSET, so page 100 costs what page 1 costs. Each filter has an index
 * that gives its rows already in this order (tables/tenants.ts, tables/operations.ts):
 * the database reads about `first` index entries, whatever the size of the table.
 */
import type { SqlClient } from '@tenantry/postgres';
import type {
  OperationFilter,
  OperationView,
  Page,
  PageRequest,
  TenantEventView,
  TenantFilter,
  TenantView,
} from '../ports';
import { OPERATIONS, operationFromRow } from '../tables/operations';
import { TENANT_EVENTS, tenantEventFromRow } from '../tables/tenant-events';
import { TENANTS, tenantFromRow } from '../tables/tenants';
import { decodePageCursor, encodePageCursor } from './page-cursor';

/** WHERE conditions and their values, numbered from $1 in the order they are added. */
class Conditions {
  readonly values: unknown[] = [];
  private readonly parts: string[] = [];
  param(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
  add(condition: string): void {
    this.parts.push(condition);
  }
  get where(): string {
    return this.parts.length > 0 ? `where ${this.parts.join(' and ')}` : '';
  }
}

/** µs since the epoch as text: the cursor's time, exact (PostgreSQL keeps microseconds). */
const micros = (column: string) => `(extract(epoch from "${column}") * 1000000)::bigint::text`;
const fromMicros = (param: string) => `('epoch'::timestamptz + ${param}::bigint * interval '1 microsecond')`;

/** `abc` → `abc%`, with LIKE's own characters taken literally. */
export const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function tenantConditions(filter: TenantFilter): Conditions {
  const conditions = new Conditions();
  if (filter.status) conditions.add(`"status" = ${conditions.param(filter.status)}`);
  if (filter.id !== undefined) conditions.add(`"id" = ${conditions.param(filter.id)}`);
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    // Served by the two lower(…) text_pattern_ops indexes (a bitmap OR of two range scans).
    const prefix = conditions.param(likePrefix(search));
    conditions.add(`(lower("id") like ${prefix} or lower("name") like ${prefix})`);
  }
  return conditions;
}

function operationConditions(filter: OperationFilter): Conditions {
  const conditions = new Conditions();
  if (filter.status) conditions.add(`"status" = ${conditions.param(filter.status)}`);
  if (filter.tenantId !== undefined) conditions.add(`"tenant_id" = ${conditions.param(filter.tenantId)}`);
  if (filter.kind) conditions.add(`"kind" = ${conditions.param(filter.kind)}`);
  return conditions;
}

/** The first `first` rows, and whether there is one more. */
function pageOf<R, T>(rows: R[], first: number, view: (row: R) => T, cursor: (row: R) => string): Page<T> {
  return {
    edges: rows.slice(0, first).map((row) => ({ cursor: cursor(row), node: view(row) })),
    hasNextPage: rows.length > first,
  };
}

type Keyed = Record<string, unknown> & { pageAt: string; id: string };

export async function tenantsPage(sql: SqlClient, filter: TenantFilter, page: PageRequest): Promise<Page<TenantView>> {
  const conditions = tenantConditions(filter);
  if (page.after !== undefined) {
    const key = decodePageCursor('tenants', page.after);
    conditions.add(`("created_at", "id") < (${fromMicros(conditions.param(key.at))}, ${conditions.param(key.id)})`);
  }
  const { rows } = await sql.query<Keyed>(
    `select ${TENANTS.selectList}, ${micros('created_at')} as "pageAt" from ${TENANTS.sqlName} ${conditions.where}
     order by "created_at" desc, "id" desc limit ${conditions.param(page.first + 1)}`,
    conditions.values,
  );
  return pageOf(
    rows,
    page.first,
    (row) => tenantFromRow(TENANTS.rowOf(row)),
    (row) => encodePageCursor('tenants', { at: row.pageAt, id: row.id }),
  );
}

export async function countTenants(sql: SqlClient, filter: TenantFilter): Promise<number> {
  const conditions = tenantConditions(filter);
  const { rows } = await sql.query<{ count: number }>(
    `select count(*)::int as "count" from ${TENANTS.sqlName} ${conditions.where}`,
    conditions.values,
  );
  return rows[0]!.count;
}

export async function operationsPage(
  sql: SqlClient,
  filter: OperationFilter,
  page: PageRequest,
): Promise<Page<OperationView>> {
  const conditions = operationConditions(filter);
  if (page.after !== undefined) {
    const key = decodePageCursor('operations', page.after);
    conditions.add(`("requested_at", "id") < (${fromMicros(conditions.param(key.at))}, ${conditions.param(key.id)})`);
  }
  const { rows } = await sql.query<Keyed>(
    `select ${OPERATIONS.selectList}, ${micros('requested_at')} as "pageAt" from ${OPERATIONS.sqlName} ${conditions.where}
     order by "requested_at" desc, "id" desc limit ${conditions.param(page.first + 1)}`,
    conditions.values,
  );
  return pageOf(
    rows,
    page.first,
    (row) => operationFromRow(OPERATIONS.rowOf(row)),
    (row) => encodePageCursor('operations', { at: row.pageAt, id: row.id }),
  );
}

export async function countOperations(sql: SqlClient, filter: OperationFilter): Promise<number> {
  const conditions = operationConditions(filter);
  const { rows } = await sql.query<{ count: number }>(
    `select count(*)::int as "count" from ${OPERATIONS.sqlName} ${conditions.where}`,
    conditions.values,
  );
  return rows[0]!.count;
}

/** Served by the primary key (tenant_id, version), read backwards. */
export async function historyPage(sql: SqlClient, tenantId: string, page: PageRequest): Promise<Page<TenantEventView>> {
  const conditions = new Conditions();
  conditions.add(`"tenant_id" = ${conditions.param(tenantId)}`);
  if (page.after !== undefined) {
    const key = decodePageCursor('history', page.after);
    conditions.add(`"version" < ${conditions.param(key.version)}`);
  }
  const { rows } = await sql.query(
    `select ${TENANT_EVENTS.selectList} from ${TENANT_EVENTS.sqlName} ${conditions.where}
     order by "version" desc limit ${conditions.param(page.first + 1)}`,
    conditions.values,
  );
  return pageOf(
    rows.map((row) => TENANT_EVENTS.rowOf(row)),
    page.first,
    tenantEventFromRow,
    (row) => encodePageCursor('history', { version: row.version }),
  );
}

export async function countHistory(sql: SqlClient, tenantId: string): Promise<number> {
  const { rows } = await sql.query<{ count: number }>(
    `select count(*)::int as "count" from ${TENANT_EVENTS.sqlName} where "tenant_id" = $1`,
    [tenantId],
  );
  return rows[0]!.count;
}
