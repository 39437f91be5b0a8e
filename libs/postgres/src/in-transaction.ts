import type { ClientBase, Pool, PoolClient } from 'pg';

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

/** A string literal for a simple (multi-statement) query, which takes no parameters. */
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

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
  const client = isPool(db) ? await db.connect() : db;
  let usable = true;
  try {
    const begin = [
      'BEGIN',
      ...(options.commitWithoutFlush ? ['SET LOCAL synchronous_commit = off'] : []),
      ...(options.lock === undefined
        ? []
        : [`SELECT pg_advisory_xact_lock(hashtextextended(${literal(options.lock)}, 0))`]),
    ];
    await client.query(begin.join('; '));
    const result = await work(client as never);
    await client.query(options.commitGuard === undefined ? 'COMMIT' : `${options.commitGuard}; COMMIT`);
    return result;
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
