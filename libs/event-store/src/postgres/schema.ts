import { applyMigrations } from '@tenantry/postgres';
import type { Pool } from 'pg';
import { eventStoreMigrations } from './migrations';
import { EventStoreTables } from './tables';

/**
 * Applies the event store's pending migrations (`migrations.ts`); concurrent starts
 * serialise on the migration lock, and a current schema costs one read of its history.
 */
export async function ensureEventStoreSchema(pool: Pool, tables: EventStoreTables): Promise<void> {
  await applyMigrations(pool, [eventStoreMigrations(tables.schema)]);
}
