import type { ClientBase } from 'pg';

/**
 * One step of a component's control-plane schema. Applied once, in name order, inside
 * the transaction that records it: a failed step leaves the schema as it was.
 */
export interface SchemaMigration {
  /** e.g. `0001-baseline`: its place in the order and its row in the history table. */
  name: string;
  up(client: ClientBase): Promise<void>;
}

/**
 * A component's migrations (event store, relay checkpoints, read model, ...) and the
 * PostgreSQL schema whose `tenantry_migrations` table records them. A component whose
 * tables can be dropped as a whole (the read model) keeps its history in its own schema,
 * so dropping the schema forgets the history too and the next migrate creates it again.
 */
export interface MigrationSet {
  component: string;
  schema: string;
  migrations: SchemaMigration[];
}

/** A migration that is one SQL script (several statements are fine: it runs as a simple query). */
export const sqlMigration = (name: string, sql: string): SchemaMigration => ({
  name,
  up: async (client) => void (await client.query(sql)),
});
