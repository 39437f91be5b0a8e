import type { Pool, PoolClient } from 'pg';

/**
 * The gateway's own tables, in schema `gateway`: what users chose and where they are,
 * not derived from events. The read model (schema `read_model`) can be dropped and
 * rebuilt from the stream; these tables must survive that, so they live apart. Their
 * DDL is the gateway's migrations (gateway-migrations.ts).
 */
export const GATEWAY_SCHEMA = 'gateway';

/** Runs `work` in one transaction on a pooled connection: committed, or rolled back and rethrown. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
