import type { Pool, PoolClient } from 'pg';

/**
 * The gateway's own tables, in schema `gateway`: what users chose and where they are,
 * not derived from events. The read model (schema `read_model`) can be dropped and
 * rebuilt from the stream; these tables must survive that, so they live apart.
 */
export const GATEWAY_SCHEMA = 'gateway';

/** Serialises the DDL of gateways that start together (catalog races). */
const DDL_LOCK = 'tenantry.gateway.ddl';

const hasColumn = (table: string, column: string) =>
  `EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'gateway' AND table_name = '${table}' AND column_name = '${column}')`;

/**
 * Tables from before principal keys held a bare user id, which any tenant's database
 * can copy: each becomes the key `<tenantId>/<userId>`. Preferences take the tenant
 * the directory knew for that id (else root: only root administrators commanded);
 * presence is dropped (every replica writes its sockets again at its next refresh).
 * The preferences go first: they read the directory as it was.
 */
const TO_PRINCIPAL_KEYS = `
DO $$ BEGIN
  IF ${hasColumn('notification_preferences', 'user_id')} THEN
    UPDATE gateway.notification_preferences p SET user_id = coalesce(
      (SELECT d.tenant_id FROM gateway.user_directory d WHERE d.user_id = p.user_id), 'root'
    ) || '/' || p.user_id;
    ALTER TABLE gateway.notification_preferences RENAME COLUMN user_id TO principal;
  END IF;
  IF ${hasColumn('user_directory', 'user_id')} THEN
    UPDATE gateway.user_directory SET user_id = tenant_id || '/' || user_id;
    ALTER TABLE gateway.user_directory RENAME COLUMN user_id TO principal;
    ALTER TABLE gateway.user_directory DROP COLUMN tenant_id;
  END IF;
  IF ${hasColumn('presence', 'user_id')} THEN
    DELETE FROM gateway.presence;
    ALTER TABLE gateway.presence RENAME COLUMN user_id TO principal;
  END IF;
END $$;
`;

/** Identities are principal keys (`<tenantId>/<userId>`, libs/auth), never bare user ids. */
const DDL = `
CREATE SCHEMA IF NOT EXISTS gateway;
${TO_PRINCIPAL_KEYS}
CREATE TABLE IF NOT EXISTS gateway.notification_preferences (
  principal text PRIMARY KEY,
  receive_all boolean NOT NULL DEFAULT false,
  email_fallback boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS gateway.user_directory (
  principal text PRIMARY KEY,
  email text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS gateway.presence (
  gateway_id text NOT NULL,
  principal text NOT NULL,
  sockets integer NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (gateway_id, principal)
);
CREATE INDEX IF NOT EXISTS presence_user ON gateway.presence (principal);
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
