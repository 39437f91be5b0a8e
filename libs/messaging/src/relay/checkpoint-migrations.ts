import type { MigrationSet } from '@tenantry/postgres';
import { checkpointTable } from './checkpoints';

/**
 * The relay's checkpoint table, version by version. 0001 is what the releases before
 * versioned migrations created at start, so it accepts a database they made.
 */
export function relayCheckpointMigrations(schema = 'public'): MigrationSet {
  const table = checkpointTable(schema);
  return {
    component: 'relay',
    schema,
    migrations: [
      {
        name: '0001-relay-checkpoints',
        async up(client) {
          // The previous release's lock: its relays may still be starting during an upgrade.
          await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`tenantry.ddl:${table}`]);
          await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
            name text PRIMARY KEY,
            position text NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
          )`);
        },
      },
    ],
  };
}
