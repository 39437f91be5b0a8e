import type { MigrationSet } from '@tenantry/postgres';

/** The previous release's DDL lock: its gateways may still be starting during an upgrade. */
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
const BASELINE = `
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
-- The login throttle's counters, as rate-limiter-flexible creates them (app/login-throttle.ts).
CREATE TABLE IF NOT EXISTS gateway.login_failures_by_account (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
CREATE TABLE IF NOT EXISTS gateway.login_failures_by_address (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
`;

/**
 * The gateway's own tables (schema `gateway`), version by version. 0001 is what the
 * releases before versioned migrations created at start (the login throttle's tables
 * were created by rate-limiter-flexible then), so it accepts a database they made, and
 * still converts one older than principal keys.
 */
export const gatewayStateMigrations: MigrationSet = {
  component: 'gateway',
  // GATEWAY_SCHEMA (gateway-database.ts), spelled out as in the SQL above.
  schema: 'gateway',
  migrations: [
    {
      name: '0001-gateway-state',
      async up(client) {
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [DDL_LOCK]);
        await client.query(BASELINE);
      },
    },
  ],
};
