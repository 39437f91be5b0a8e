import { EventStoreKind, eventStoreMigrationsOf } from '@tenantry/event-store';
import { relayCheckpointMigrations } from '@tenantry/messaging';
import type { MigrationSet } from '@tenantry/postgres';
import { idempotencyMigrations } from './idempotency/idempotency-migrations';

/** The control-plane tables tenant-command uses in DATABASE_URL: events (PostgreSQL store), relay checkpoints, idempotency keys. */
export const tenantCommandMigrations = (eventStore: EventStoreKind): MigrationSet[] => [
  ...eventStoreMigrationsOf(eventStore),
  relayCheckpointMigrations(),
  idempotencyMigrations,
];
