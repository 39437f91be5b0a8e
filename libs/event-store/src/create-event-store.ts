import type { MigrationSet } from '@tenantry/postgres';
import { EventStore } from './event-store';
import { kurrentDBEventStore } from './kurrentdb/kurrentdb-event-store';
import { eventStoreMigrations } from './postgres/migrations';
import { postgresEventStore, PostgresEventStoreOptions } from './postgres/postgres-event-store';

export type EventStoreKind = 'postgres' | 'kurrentdb';

export interface EventStoreSelection {
  /** `EVENT_STORE` */
  kind: EventStoreKind;
  /** `DATABASE_URL`: the PostgreSQL event store (and, whatever the kind, checkpoints and read models). */
  postgresUrl: string;
  /** `KURRENTDB_URL`, e.g. `kurrentdb://kurrentdb:2113?tls=false`; required when kind is kurrentdb. */
  kurrentdbUrl?: string;
}

export interface ConfiguredEventStore extends EventStore {
  readonly kind: EventStoreKind;
  /** PostgreSQL: applies the event store's pending migrations. KurrentDB: checks that the server answers. */
  ensureSchema(): Promise<void>;
  /** The control-plane migrations this store needs in DATABASE_URL (none for KurrentDB). */
  readonly migrations: MigrationSet[];
}

export class EventStoreMisconfigured extends Error {
  readonly code = 'EVENT_STORE_MISCONFIGURED';
  constructor(message: string) {
    super(message);
    this.name = 'EventStoreMisconfigured';
  }
}

/** The control-plane migrations the selected store needs in DATABASE_URL: the events table, or none for KurrentDB. */
export const eventStoreMigrationsOf = (kind: EventStoreKind): MigrationSet[] =>
  kind === 'postgres' ? [eventStoreMigrations()] : [];

/**
 * The event store that `EVENT_STORE` selects, e.g.
 * `createEventStore({ kind: config.EVENT_STORE, postgresUrl: config.DATABASE_URL, kurrentdbUrl: config.KURRENTDB_URL })`.
 * Connections open on first use. `othersFollow`, `announceAppends`: see PostgresEventStoreOptions (KurrentDB has its own subscriptions).
 */
export function createEventStore(
  selection: EventStoreSelection,
  options: Pick<PostgresEventStoreOptions, 'othersFollow' | 'announceAppends'> = {},
): ConfiguredEventStore {
  switch (selection.kind) {
    case 'postgres':
      return {
        ...postgresEventStore({
          connectionString: selection.postgresUrl,
          othersFollow: options.othersFollow,
          announceAppends: options.announceAppends,
        }),
        kind: 'postgres',
        migrations: eventStoreMigrationsOf('postgres'),
      };
    case 'kurrentdb':
      if (!selection.kurrentdbUrl)
        throw new EventStoreMisconfigured(
          'EVENT_STORE=kurrentdb needs KURRENTDB_URL (e.g. kurrentdb://kurrentdb:2113?tls=false)',
        );
      return {
        ...kurrentDBEventStore({ connectionString: selection.kurrentdbUrl }),
        kind: 'kurrentdb',
        migrations: [],
      };
    default: {
      const unknown: never = selection.kind;
      throw new EventStoreMisconfigured(`Unknown EVENT_STORE: ${String(unknown)}`);
    }
  }
}
