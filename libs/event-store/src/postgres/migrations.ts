import type { MigrationSet } from '@tenantry/postgres';
import { appendFunctionSql } from './append-function';
import { eventStoreTables } from './tables';

/**
 * The PostgreSQL event store's schema, version by version. 0001 is the schema the
 * releases before versioned migrations created at every start (`CREATE … IF NOT EXISTS`),
 * so it accepts a database they made. The append function was replaced at every start
 * then; a change to it is now a new migration that runs `appendFunctionSql` again.
 */
export function eventStoreMigrations(schema = 'public'): MigrationSet {
  const tables = eventStoreTables(schema);
  return {
    component: 'event-store',
    schema,
    migrations: [
      {
        name: '0001-events',
        async up(client) {
          // The previous release's lock: its processes may still be starting during an upgrade.
          await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [tables.lockKey]);
          await client.query(`CREATE SCHEMA IF NOT EXISTS "${tables.schema}"`);
          await client.query(`
            CREATE TABLE IF NOT EXISTS ${tables.events} (
              global_position bigserial PRIMARY KEY,
              transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
              id uuid NOT NULL CONSTRAINT events_id_unique UNIQUE,
              stream text NOT NULL,
              revision bigint NOT NULL,
              type text NOT NULL,
              data jsonb NOT NULL,
              metadata jsonb NOT NULL DEFAULT '{}',
              recorded_at timestamptz NOT NULL DEFAULT now(),
              CONSTRAINT events_stream_revision_unique UNIQUE (stream, revision)
            )`);
          await client.query(
            `CREATE INDEX IF NOT EXISTS events_transaction_order ON ${tables.events} (transaction_id, global_position)`,
          );
          await client.query(appendFunctionSql(tables));
        },
      },
    ],
  };
}
