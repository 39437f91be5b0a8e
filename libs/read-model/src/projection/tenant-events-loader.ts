import { createEventStore, EventStore, EventStoreSelection } from '@tenantry/event-store';
import { streamNameOf, toTenantEvent } from '@tenantry/tenant-domain';
import type { TenantEventsLoader } from './streamed-event';

/** Reads a tenant's stream from the event store, for the projector's rare gap filling. */
export function tenantEventsLoaderOf(store: Pick<EventStore, 'readStream'>): TenantEventsLoader {
  return async (tenantId) =>
    (await store.readStream(streamNameOf(tenantId))).map((stored) => ({
      eventId: stored.id,
      revision: Number(stored.revision),
      position: stored.position,
      event: toTenantEvent(stored),
    }));
}

/** The selected event store with a loader over it. */
export function eventStoreLoader(selection: EventStoreSelection): {
  store: EventStore;
  load: TenantEventsLoader;
  close(): Promise<void>;
} {
  const store = createEventStore(selection);
  return { store, load: tenantEventsLoaderOf(store), close: () => store.close() };
}
