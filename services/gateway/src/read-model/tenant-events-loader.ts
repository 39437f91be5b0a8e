import { createEventStore, EventStoreSelection } from '@tenantry/event-store';
import { streamNameOf, toTenantEvent } from '@tenantry/tenant-domain';
import type { TenantEventsLoader } from './streamed-event';

/** Reads a tenant's stream from the event store, for the projector's rare gap filling. */
export function eventStoreLoader(selection: EventStoreSelection): { load: TenantEventsLoader; close(): Promise<void> } {
  const store = createEventStore(selection);
  return {
    load: async (tenantId) =>
      (await store.readStream(streamNameOf(tenantId))).map((stored) => ({
        eventId: stored.id,
        revision: Number(stored.revision),
        event: toTenantEvent(stored),
      })),
    close: () => store.close(),
  };
}
