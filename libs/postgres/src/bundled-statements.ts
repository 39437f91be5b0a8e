import { createHash } from 'node:crypto';
import { escapeLiteral, type ClientBase, type QueryResult } from 'pg';
import { arrayLiteral } from './array-literal';
import type { SqlClient } from './sql-client';

/** Statements sent in the same round trip as a query: before it (e.g. BEGIN, a lock) and after it (e.g. a guard, COMMIT). */
export interface AroundStatements {
  before?: readonly string[];
  after?: readonly string[];
  /**
   * Sends the query as a prepared statement of the session (`PREPARE` once per connection
   * and query text, then `EXECUTE` with the values as literals): planned once, not at every
   * call. For a query run again and again whose planning costs more than its execution;
   * with `plan_cache_mode = force_generic_plan` on the session, the plan is kept at once.
   */
  prepared?: boolean;
}

/** The statements each connection has prepared, by name. */
const preparedBy = new WeakMap<ClientBase, Set<string>>();

/** Statement names by query text: a hot path sends the same few texts again and again. */
const statementNames = new Map<string, string>();

const statementName = (text: string): string => {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `bundled_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
};

/** A SqlClient that also tells whether its query (and so the statements around it) was sent. */
export interface BundlingClient extends SqlClient {
  readonly sent: boolean;
}

/**
 * A SqlClient whose one query travels with the statements `around` it, in one round trip:
 * one simple (multi-statement) query, its parameters written in as literals, answered
 * with that query's own result. The statements run in order and the first that fails
 * ends the round trip (in a transaction, as usual, roll back then). For a few statements
 * on the path of every notification, where each round trip is a wake-up of two processes.
 */
export function bundledWith(client: ClientBase, around: AroundStatements): BundlingClient {
  let sent = false;
  return {
    get sent() {
      return sent;
    },
    async query<Row extends Record<string, unknown>>(text: string, values: unknown[] = []) {
      if (sent) throw new Error('a bundled client sends one query');
      sent = true;
      const before = around.before ?? [];
      const query = around.prepared ? await preparedCall(client, text, values) : inlineParameters(text, values);
      return (await sendAll<Row>(client, [...before, query, ...(around.after ?? [])]))[before.length]!;
    },
  };
}

/**
 * `EXECUTE` of the session's prepared statement of `text`, with `values` as literals. The
 * statement is prepared once per connection, in a round trip of its own: a prepared
 * statement outlives a rollback, so one prepared in a bundle that then failed would be
 * prepared again, and refused.
 */
async function preparedCall(client: ClientBase, text: string, values: readonly unknown[]): Promise<string> {
  const name = statementName(text);
  const prepared = preparedBy.get(client) ?? new Set<string>();
  preparedBy.set(client, prepared);
  if (!prepared.has(name)) {
    await client.query(`PREPARE ${name} AS ${text}`);
    prepared.add(name);
  }
  return values.length === 0 ? `EXECUTE ${name}` : `EXECUTE ${name}(${values.map(literalOf).join(', ')})`;
}

/** The statements as one simple query, and the result of each. */
async function sendAll<Row extends Record<string, unknown>>(
  client: ClientBase,
  statements: readonly string[],
): Promise<QueryResult<Row>[]> {
  const results = (await client.query(statements.join(';\n'))) as unknown as QueryResult<Row> | QueryResult<Row>[];
  return Array.isArray(results) ? results : [results];
}

/** `text` with each `$n` replaced by the literal of `values[n - 1]`. */
export function inlineParameters(text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index >= values.length) throw new Error(`no value for parameter $${n}`);
    return literalOf(values[index]);
  });
}

function literalOf(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`no literal for ${value}`);
  if (typeof value === 'number' || typeof value === 'bigint') return value < 0 ? `(${value})` : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return escapeLiteral(arrayLiteral(value));
  if (value instanceof Date) return escapeLiteral(value.toISOString());
  return escapeLiteral(typeof value === 'string' ? value : JSON.stringify(value));
}
