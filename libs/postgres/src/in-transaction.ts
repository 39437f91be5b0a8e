import { escapeLiteral, type ClientBase, type Pool, type PoolClient } from 'pg';
import { AroundStatements, bundledWith } from './bundled-statements';
import type { SqlClient } from './sql-client';

export interface TransactionOptions {
  /**
   * Name of a transaction advisory lock (`pg_advisory_xact_lock(hashtextextended(name, 0))`)
   * taken in the same round trip as BEGIN, e.g. to serialise concurrent `CREATE … IF NOT
   * EXISTS` (which can still race in the catalog) or concurrent writers of one table.
   */
  lock?: string;
  /**
   * A statement sent with the COMMIT, in its round trip, that raises to refuse the commit
   * (the transaction is then rolled back and its error thrown): a last check, e.g. a fence.
   */
  commitGuard?: string;
  /**
   * Commit without waiting for the WAL flush (`SET LOCAL synchronous_commit = off`): a
   * crash of the server may then lose the last fraction of a second of such commits. Only
   * for writes that are derived and redone after such a loss (e.g. a projection whose
   * checkpoint is lost with them).
   */
  commitWithoutFlush?: boolean;
}

const isPool = (db: Pool | ClientBase): db is Pool => 'totalCount' in db;

/**
 * Runs `work` in one transaction: committed, or rolled back and rethrown. Given a pool, it
 * takes a connection and gives it back (closed instead when it could not even roll back,
 * so the next user does not inherit a broken session); given a client, it uses that one
 * (which must not be in a transaction already) and leaves it open.
 */
export function inTransaction<T>(
  db: Pool,
  work: (client: PoolClient) => Promise<T>,
  options?: TransactionOptions,
): Promise<T>;
export function inTransaction<T, C extends ClientBase>(
  db: C,
  work: (client: C) => Promise<T>,
  options?: TransactionOptions,
): Promise<T>;
export function inTransaction<T>(
  db: Pool | ClientBase,
  work: (client: ClientBase) => Promise<T>,
  options?: TransactionOptions,
): Promise<T>;
export async function inTransaction<T>(
  db: Pool | ClientBase,
  work: (client: never) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return rolledBackOnFailure(db, async (client) => {
    await client.query(beginStatements(options).join('; '));
    const result = await work(client as never);
    await client.query(commitStatements(options).join('; '));
    return result;
  });
}

/** The connection of a bundled transaction: its first query opens it, its last closes it. */
export interface BundledTransaction {
  /** For the first query: sent with BEGIN, the settings and the lock, in one round trip. */
  opening: SqlClient;
  /** For the last query: sent with the commit guard and COMMIT, in one round trip. */
  closing: SqlClient;
  /**
   * For a transaction of one query, instead of `opening` and `closing`: sent with BEGIN, the
   * settings, the lock, the guard and COMMIT, all in one round trip.
   */
  only: SqlClient;
  /** For any query in between. */
  client: ClientBase;
}

/**
 * `inTransaction` in two round trips fewer: BEGIN (with its settings and lock) travels
 * with the work's first query, sent through `opening`, and COMMIT (with its guard) with
 * its last, sent through `closing` (see `bundledWith`). For transactions on a hot path,
 * where each round trip is a wake-up of two processes.
 */
export async function inBundledTransaction<T>(
  db: Pool | ClientBase,
  work: (transaction: BundledTransaction) => Promise<T>,
  options: TransactionOptions & Pick<AroundStatements, 'prepared'> = {},
): Promise<T> {
  return rolledBackOnFailure(db, async (client) => {
    const opening = bundledWith(client, { before: beginStatements(options), prepared: options.prepared });
    const closing = bundledWith(client, { after: commitStatements(options), prepared: options.prepared });
    const only = bundledWith(client, {
      before: beginStatements(options),
      after: commitStatements(options),
      prepared: options.prepared,
    });
    const result = await work({ opening, closing, only, client });
    const complete = only.sent ? !opening.sent && !closing.sent : opening.sent && closing.sent;
    if (!complete)
      throw new Error(
        'a bundled transaction sends its first query through `opening` and its last through `closing`, or its one query through `only`',
      );
    return result;
  });
}

const beginStatements = (options: TransactionOptions): string[] => [
  'BEGIN',
  ...(options.commitWithoutFlush ? ['SET LOCAL synchronous_commit = off'] : []),
  ...(options.lock === undefined
    ? []
    : [`SELECT pg_advisory_xact_lock(hashtextextended(${escapeLiteral(options.lock)}, 0))`]),
];

const commitStatements = (options: TransactionOptions): string[] => [
  ...(options.commitGuard === undefined ? [] : [options.commitGuard]),
  'COMMIT',
];

/**
 * Runs `body` on a connection of `db`, rolling back and rethrowing when it fails. Given a
 * pool, it takes a connection and gives it back (closed instead when it could not even
 * roll back, so the next user does not inherit a broken session).
 */
async function rolledBackOnFailure<T>(db: Pool | ClientBase, body: (client: ClientBase) => Promise<T>): Promise<T> {
  const client = isPool(db) ? await db.connect() : db;
  let usable = true;
  try {
    return await body(client);
  } catch (error) {
    usable = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    throw error;
  } finally {
    if (isPool(db)) (client as PoolClient).release(!usable);
  }
}
