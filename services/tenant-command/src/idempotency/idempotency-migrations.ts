import type { MigrationSet } from '@tenantry/postgres';

/**
 * Table `command_idempotency` in DATABASE_URL, version by version. 0001 is what the
 * releases before versioned migrations created at start, so it accepts their database.
 * No longer written (idempotency keys live in their events' ids: `keyed-request.ts`);
 * kept while a rolling upgrade may still run a release that writes it, then dropped.
 */
export const idempotencyMigrations: MigrationSet = {
  component: 'tenant-command',
  schema: 'public',
  migrations: [
    {
      name: '0001-command-idempotency',
      async up(client) {
        // The previous release's lock: its processes may still be starting during an upgrade.
        await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('tenantry.command_idempotency', 0))`);
        await client.query(`
          CREATE TABLE IF NOT EXISTS command_idempotency (
            principal text NOT NULL,
            key text NOT NULL,
            request_hash text NOT NULL,
            reply jsonb,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (principal, key)
          )`);
        await client.query(
          'CREATE INDEX IF NOT EXISTS command_idempotency_created_at ON command_idempotency (created_at)',
        );
      },
    },
  ],
};
