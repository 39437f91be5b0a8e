import type { TenantEvent } from '@tenantry/tenant-domain';
import { FoldChanges, foldStreamed, FoldViews } from './fold-events';
import type { OperationView } from '../ports';
import type { StreamedEvent } from './streamed-event';
import {
  ALICE,
  BOB,
  CREATE_OP,
  at,
  provisioned,
  provisionedHistory,
  provisioningStarted,
  tenantRequested,
  updateRequested,
} from '../__tests__/tenant-events';

const emptyViews = (): FoldViews => ({ tenants: new Map(), operations: new Map(), recordedEventIds: new Set() });
const streamed = (event: TenantEvent, revision: number, streamSequence = revision + 1): StreamedEvent => ({
  event,
  revision,
  streamSequence,
  position: `p-${streamSequence}`,
  eventId: `e-${event.data.tenantId}-${revision}`,
});
const noOperationStored = { operation: async () => null };

async function fold(
  views: FoldViews,
  events: StreamedEvent[],
  sources: Parameters<typeof foldStreamed>[3] = noOperationStored,
) {
  const changes = new FoldChanges();
  for (const event of events) await foldStreamed(views, changes, event, sources);
  return changes;
}

describe('folding streamed events into views in memory', () => {
  it('applies each event once: a replayed one (same revision) changes nothing', async () => {
    const views = emptyViews();
    const history = provisionedHistory('acme').map((e, revision) => streamed(e, revision));
    const first = await fold(views, history);
    expect(first.history.map((h) => h.version)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(first.notifications.map((n) => n.type)).toEqual([
      ...Array(4).fill('TENANT_PROVISIONING_PROGRESS'),
      'TENANT_CREATED',
    ]);
    expect(views.tenants.get('acme')).toMatchObject({ status: 'ACTIVE', version: 6 });

    const again = await fold(views, history.slice(2));
    expect([again.history, again.notifications, again.tenantIds.size]).toEqual([[], [], 0]);
  });

  it('keys the progress of each step an outcome records apart from the outcome itself (one notification per key and recipient)', async () => {
    const views = emptyViews();
    const steps = [
      { step: 'CREATING_DATABASE' as const, startedAt: at(2), finishedAt: at(3) },
      { step: 'RUNNING_MIGRATIONS' as const, startedAt: at(3), finishedAt: at(4) },
    ];
    const changes = await fold(views, [
      streamed(tenantRequested('acme'), 0),
      streamed(provisioningStarted('acme'), 1),
      streamed(provisioned('acme', { steps }), 2),
    ]);
    expect(changes.notifications.map((n) => `${n.eventId} ${n.type}`)).toEqual([
      'e-acme-2/creating-database TENANT_PROVISIONING_PROGRESS',
      'e-acme-2/running-migrations TENANT_PROVISIONING_PROGRESS',
      'e-acme-2 TENANT_CREATED',
    ]);
  });

  it('reads an operation it does not hold from its source, but not for an event that opens a new one', async () => {
    const views = emptyViews();
    await fold(views, [streamed(tenantRequested('acme'), 0)]);
    const created = views.operations.get(CREATE_OP)!;
    views.operations.clear();
    const asked: string[] = [];
    const sources = {
      operation: async (id: string): Promise<OperationView | null> => (
        asked.push(id),
        id === CREATE_OP ? created : null
      ),
    };

    await fold(
      views,
      [streamed(provisioningStarted('acme'), 1), streamed(updateRequested('acme', { requestedBy: BOB }), 2)],
      sources,
    );
    expect(asked).toEqual([CREATE_OP]);
    expect(views.operations.get(CREATE_OP)).toMatchObject({ status: 'RUNNING', requestedBy: ALICE });
  });

  it('fills a revision gap from the event store, with the stream sequence of the event that revealed it', async () => {
    const views = emptyViews();
    const history = provisionedHistory('acme').map((e, revision) => streamed(e, revision));
    const loadTenantEvents = async () => history.map(({ streamSequence: _s, ...rest }) => rest);
    const changes = await fold(views, [history[0]!, history[1]!, history[3]!], {
      ...noOperationStored,
      loadTenantEvents,
    });
    expect(changes.history.map((h) => [h.version, h.streamSequence])).toEqual([
      [0, 1],
      [1, 2],
      [2, 4],
      [3, 4],
    ]);
  });

  it('passes over a gap when it has no event store', async () => {
    const views = emptyViews();
    const history = provisionedHistory('acme').map((e, revision) => streamed(e, revision));
    const changes = await fold(views, [history[0]!, history[3]!]);
    expect(changes.history.map((h) => h.version)).toEqual([0, 3]);
  });
});
