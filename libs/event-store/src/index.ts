export * from './event-store';
export { DuplicateEventId } from './duplicate-event-id';
export { satisfiesExpectedRevision } from './expected-revision';
export { inMemoryEventStore } from './in-memory/in-memory-event-store';
export { postgresEventStore } from './postgres/postgres-event-store';
export type { PostgresEventStore, PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { comparePositions, formatPosition, parsePosition, InvalidGlobalPosition } from './postgres/position';
export type { PostgresPosition } from './postgres/position';
export { InvalidSchemaName } from './postgres/tables';
export { nonAppendingSessionName } from './postgres/non-appending-session';
export { eventStoreMigrations } from './postgres/migrations';
export { newEventId } from './event-id';
export { kurrentDBEventStore } from './kurrentdb/kurrentdb-event-store';
export type { KurrentDBEventStore, KurrentDBEventStoreOptions } from './kurrentdb/kurrentdb-event-store';
export {
  compareKurrentPositions,
  formatKurrentPosition,
  parseKurrentPosition,
  InvalidKurrentPosition,
} from './kurrentdb/position';
export type { KurrentPosition } from './kurrentdb/position';
export { createEventStore, eventStoreMigrationsOf, EventStoreMisconfigured } from './create-event-store';
export type { ConfiguredEventStore, EventStoreKind, EventStoreSelection } from './create-event-store';
