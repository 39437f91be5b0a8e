import { EventStore, inMemoryEventStore } from '@tenantry/event-store';
import { CreateTenant } from '@tenantry/tenant-domain';

/**
 * What the job-runner specs see of an append: each event's step, or its type when it has
 * none, with the steps an outcome records (`TenantProvisioned with CREATING_DATABASE, …`).
 */
export const stepOrType = (event: { type: string; data: Record<string, unknown> }): string => {
  if (typeof event.data['step'] === 'string') return event.data['step'];
  const carried = event.data['steps'] as { step: string }[] | undefined;
  return carried ? `${event.type} with ${carried.map(({ step }) => step).join(', ')}` : event.type;
};

/** An in-memory store that records each non-empty append as the list of its events (`stepOrType`). */
export function recordingStore(): { store: EventStore; appends: string[][] } {
  const store = inMemoryEventStore();
  const appends: string[][] = [];
  const append: EventStore['append'] = (stream, events, expected) => {
    if (events.length > 0) appends.push(events.map(stepOrType));
    return store.append(stream, events, expected);
  };
  return { store: { ...store, append }, appends };
}

/** The creation of SHARED tenant `acme` (operation `op-1` unless told), as the job-runner specs start from. */
export const createAcme = (
  now: string,
  data: Partial<CreateTenant['data']> = {},
  newOperationId = 'op-1',
): CreateTenant => ({
  type: 'CreateTenant',
  data: {
    tenantId: 'acme',
    name: 'Acme',
    adminEmail: 'a@acme.test',
    adminPasswordHash: '$argon2id$x',
    priority: 'NORMAL',
    database: { mode: 'SHARED', name: 'tenant_acme', host: null },
    ...data,
  },
  metadata: { requestedBy: 'u1', now, newOperationId },
});
