import type { MigrationSet } from '@tenantry/postgres';
import { READ_MODEL_SCHEMA } from './table';

const rm = `"${READ_MODEL_SCHEMA}"`;

/**
 * What the releases before versioned migrations created at start from the entities
 * (MikroORM `updateSchema`), written out: the same tables, columns, constraint and index
 * names, so a read model they made is accepted as it is. The table declarations (tables/<table>.ts) must
 * keep matching; a change to a table is a new migration here.
 */
const BASELINE = `
CREATE SCHEMA IF NOT EXISTS ${rm};
CREATE TABLE IF NOT EXISTS ${rm}.tenants (
  id text NOT NULL,
  name text NOT NULL,
  is_active boolean NOT NULL,
  status text NOT NULL,
  provisioning_error text,
  last_provisioning_attempt timestamptz,
  admin_email text NOT NULL,
  database_mode text NOT NULL,
  database_name text NOT NULL,
  database_host text,
  database_secret text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL,
  current_operation_id text,
  priority text NOT NULL,
  status_before_operation text,
  CONSTRAINT tenants_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS tenants_status_index ON ${rm}.tenants (status);
CREATE TABLE IF NOT EXISTS ${rm}.operations (
  id text NOT NULL,
  tenant_id text NOT NULL,
  kind text NOT NULL,
  status text NOT NULL,
  priority text NOT NULL,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  attempt integer NOT NULL,
  step text,
  step_name text,
  steps jsonb NOT NULL,
  error text,
  custom_steps jsonb,
  CONSTRAINT operations_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS operations_tenant_id_requested_at_index ON ${rm}.operations (tenant_id, requested_at);
CREATE INDEX IF NOT EXISTS operations_status_requested_at_index ON ${rm}.operations (status, requested_at);
CREATE TABLE IF NOT EXISTS ${rm}.tenant_events (
  tenant_id text NOT NULL,
  version integer NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  stream_sequence bigint NOT NULL,
  CONSTRAINT tenant_events_pkey PRIMARY KEY (tenant_id, version),
  CONSTRAINT tenant_events_event_id_unique UNIQUE (event_id)
);
CREATE TABLE IF NOT EXISTS ${rm}.notifications (
  id bigserial NOT NULL,
  event_id text NOT NULL,
  recipient_id text NOT NULL,
  type text NOT NULL,
  tenant_id text NOT NULL,
  operation_id text NOT NULL,
  message text NOT NULL,
  error text,
  step text,
  step_name text,
  occurred_at timestamptz NOT NULL,
  CONSTRAINT notifications_pkey PRIMARY KEY (id),
  CONSTRAINT notifications_event_recipient_unique UNIQUE (event_id, recipient_id)
);
CREATE INDEX IF NOT EXISTS notifications_recipient_cursor ON ${rm}.notifications (recipient_id, id);
CREATE TABLE IF NOT EXISTS ${rm}.projector_checkpoints (
  name text NOT NULL,
  stream_sequence bigint NOT NULL,
  position text,
  updated_at timestamptz NOT NULL,
  CONSTRAINT projector_checkpoints_pkey PRIMARY KEY (name)
);
`;

/**
 * Once per read model: rows projected before principal keys name a bare user id, and
 * only root administrators could command then, so each is `root/<id>` (libs/auth
 * `requesterKey`, as the projection reads such events). A key always has a `/`.
 * The previous releases recorded it in table `upgrades`.
 */
const TO_PRINCIPAL_KEYS = `
CREATE TABLE IF NOT EXISTS ${rm}."upgrades" (name text PRIMARY KEY, done_at timestamptz NOT NULL DEFAULT now());
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM ${rm}."upgrades" WHERE name = 'principal-keys') THEN
    UPDATE ${rm}."notifications" SET recipient_id = 'root/' || recipient_id WHERE strpos(recipient_id, '/') = 0;
    UPDATE ${rm}."operations" SET requested_by = 'root/' || requested_by WHERE strpos(requested_by, '/') = 0;
    INSERT INTO ${rm}."upgrades" (name) VALUES ('principal-keys');
  END IF;
END $$;
`;

const PAGE_INDEXES = `
DROP INDEX IF EXISTS ${rm}.tenants_status_index;
CREATE INDEX IF NOT EXISTS tenants_created_at_id_index ON ${rm}.tenants (created_at, id);
CREATE INDEX IF NOT EXISTS tenants_status_created_at_id_index ON ${rm}.tenants (status, created_at, id);
CREATE INDEX IF NOT EXISTS tenants_id_prefix_index ON ${rm}.tenants (lower(id) text_pattern_ops);
CREATE INDEX IF NOT EXISTS tenants_name_prefix_index ON ${rm}.tenants (lower(name) text_pattern_ops);
DROP INDEX IF EXISTS ${rm}.operations_tenant_id_requested_at_index;
DROP INDEX IF EXISTS ${rm}.operations_status_requested_at_index;
CREATE INDEX IF NOT EXISTS operations_requested_at_id_index ON ${rm}.operations (requested_at, id);
CREATE INDEX IF NOT EXISTS operations_tenant_id_requested_at_id_index ON ${rm}.operations (tenant_id, requested_at, id);
CREATE INDEX IF NOT EXISTS operations_status_requested_at_id_index ON ${rm}.operations (status, requested_at, id);
CREATE INDEX IF NOT EXISTS operations_kind_requested_at_id_index ON ${rm}.operations (kind, requested_at, id);
`;

/**
 * The prefix search's estimates. Planned with the default statistics (100 histogram bounds over
 * lower(id) and lower(name)), a narrow prefix such as 'acme-04' was now and then estimated at 1%
 * of the tenants, depending on the rows ANALYZE sampled, and then planned as a walk of the
 * newest-first index filtering every row (~30 ms at 100,000 tenants, not ~0.2 ms). A finer
 * histogram keeps the estimate near the truth; the ANALYZE applies it at once.
 */
const PREFIX_SEARCH_STATISTICS = `
ALTER INDEX ${rm}.tenants_id_prefix_index ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX ${rm}.tenants_name_prefix_index ALTER COLUMN 1 SET STATISTICS 1000;
ANALYZE ${rm}.tenants;
`;

/**
 * The projector's lease fence (projector-lease.ts), sent with each batch's COMMIT: it raises
 * TL001 (that file's LEASE_LOST_SQLSTATE) unless the lease's session (its pid and start) is alive. A function is planned once
 * per session; the same check as a DO block was compiled at every batch (~0.18 ms each).
 */
const LEASE_FENCE = `
CREATE OR REPLACE FUNCTION ${rm}.projector_lease_fence(holder integer, started timestamptz) RETURNS void
LANGUAGE plpgsql AS $fence$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_stat_get_activity(holder) WHERE backend_start = started) THEN
    RAISE EXCEPTION USING ERRCODE = 'TL001', MESSAGE = 'projector lease lost';
  END IF;
END $fence$;
`;

/**
 * The read model's tables (schema `read_model`), version by version. Its history is kept
 * in that schema, so a rebuild that drops the schema starts again from 0001.
 */
export const readModelMigrations: MigrationSet = {
  component: 'read-model',
  schema: READ_MODEL_SCHEMA,
  migrations: [
    {
      name: '0001-read-model',
      async up(client) {
        // The previous release's lock: its gateways may still be starting during an upgrade.
        await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('tenantry.read_model.ddl', 0))`);
        await client.query(BASELINE + TO_PRINCIPAL_KEYS);
      },
    },
    {
      // The first change made by a migration: table `upgrades` recorded the one upgrade
      // above by hand; the migration history (`read_model.tenantry_migrations`) records it now.
      name: '0002-drop-upgrades',
      async up(client) {
        await client.query(`DROP TABLE IF EXISTS ${rm}."upgrades"`);
      },
    },
    {
      // The paged lists, newest first (queries/pages.ts), each served by an index that gives
      // its rows in order: (time, id) for the keyset, behind the filter's equality column;
      // lower(…) text_pattern_ops for the prefix search. They replace the two-column ones.
      // Built in the migration's transaction (not CONCURRENTLY): writes to the table wait
      // while one builds, reads do not.
      name: '0003-page-indexes',
      async up(client) {
        await client.query(PAGE_INDEXES);
      },
    },
    {
      name: '0004-projector-lease-fence',
      async up(client) {
        await client.query(LEASE_FENCE);
      },
    },
    {
      name: '0005-prefix-search-statistics',
      async up(client) {
        await client.query(PREFIX_SEARCH_STATISTICS);
      },
    },
  ],
};
