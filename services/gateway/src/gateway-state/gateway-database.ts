import type { Pool, PoolClient } from 'pg';

/**
 * The gateway's own tables, in schema `gateway`: what users chose and where they are,
 * not derived from events. The read model (schema `read_model`) can be dropped and
 * rebuilt from the stream; these tables must survive that, so they live apart.
 */
export const GATEWAY_SCHEMA = 'gateway';

/** Serialises the DDL of gateways that start together (catalog races). */
const DDL_LOCK = 'tenantry.gateway.ddl';

const DDL = `
CREATE SCHEMA IF NOT EXISTS gateway;
CREATE TABLE IF NOT EXISTS gateway.notification_preferences (
  user_id text PRIMARY KEY,
  receive_all boolean NOT NULL DEFAULT false,
  email_fallback boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS gateway.user_directory (
  user_id text PRIMARY KEY,
  tenant_id text NOT NULL,
  email text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS gateway.presence (
  gateway_id text NOT NULL,
  user_id text NOT NULL,
  sockets integer NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (gateway_id, user_id)
);
CREATE INDEX IF NOT EXISTS presence_user ON gateway.presence (user_id);
CREATE TABLE IF NOT EXISTS gateway.email_outbox (
  id bigserial PRIMARY KEY,
  notification_key text NOT NULL UNIQUE,
  notification_cursor text NOT NULL,
  recipient_id text NOT NULL,
  recipient_email text,
  tenant_id text NOT NULL,
  type text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  status text NOT NULL,
  reason text,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX IF NOT EXISTS email_outbox_due ON gateway.email_outbox (next_attempt_at) WHERE status = 'pending';
CREATE TABLE IF NOT EXISTS gateway.email_feed_checkpoint (
  name text PRIMARY KEY,
  cursor text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;

/** Creates what is missing; never drops anything, so it is harmless at every start. */
export async function ensureGatewaySchema(pool: Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [DDL_LOCK]);
    await client.query(DDL);
  });
}

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
