import type { TenantEvent } from '@tenantry/tenant-domain';
import type { OperationView, TenantView } from '../ports';
import { HeldViews } from './held-views';
import type { StreamedEvent } from './streamed-event';

const tenant = (id: string, version: number) => ({ id, version }) as unknown as TenantView;
const operation = (id: string) => ({ id }) as unknown as OperationView;
const streamed = (type: string, tenantId: string, operationId: string, streamSequence = 1): StreamedEvent => ({
  streamSequence,
  eventId: `${tenantId}-${operationId}-${type}`,
  revision: 0,
  position: '0:0',
  event: { type, data: { tenantId, operationId } } as unknown as TenantEvent,
});

describe('HeldViews', () => {
  const update = [streamed('TenantUpdateRequested', 'acme', 'op-2'), streamed('TenantUpdated', 'acme', 'op-2')];

  it('holds nothing until a batch committed (the checkpoint is unknown)', () => {
    expect(new HeldViews().viewsFor(update)).toBeUndefined();
  });

  it('gives a batch its views when it holds every tenant and every operation the batch does not open', () => {
    const held = new HeldViews();
    held.remember(7, { tenants: new Map([['acme', tenant('acme', 3)]]), operations: new Map() });
    const views = held.viewsFor(update)!;
    expect(views.checkpoint).toBe(7);
    expect([...views.tenants.keys()]).toEqual(['acme']);
    // The opening event's operation is a new one: nothing to hold.
    expect(views.operations.size).toBe(0);
    expect(views.recordedEventIds.size).toBe(0);
    // The views are the batch's own maps: folding into them changes nothing held.
    views.tenants.set('acme', tenant('acme', 4));
    expect(held.viewsFor(update)!.tenants.get('acme')).toEqual(tenant('acme', 3));
  });

  it('gives nothing when a tenant, or an operation the batch goes on with, is not held', () => {
    const held = new HeldViews();
    held.remember(7, { tenants: new Map([['acme', tenant('acme', 3)]]), operations: new Map() });
    expect(held.viewsFor([streamed('TenantUpdated', 'acme', 'op-1')])).toBeUndefined();
    expect(held.viewsFor([streamed('TenantUpdateRequested', 'globex', 'op-9')])).toBeUndefined();
    held.remember(8, { tenants: new Map(), operations: new Map([['op-1', operation('op-1')]]) });
    expect(held.viewsFor([streamed('TenantUpdated', 'acme', 'op-1')])!.operations.get('op-1')).toEqual(
      operation('op-1'),
    );
  });

  it('forgets everything after a failed batch', () => {
    const held = new HeldViews();
    held.remember(7, { tenants: new Map([['acme', tenant('acme', 3)]]), operations: new Map() });
    held.forget();
    expect(held.viewsFor(update)).toBeUndefined();
    held.remember(9, { tenants: new Map(), operations: new Map() });
    expect(held.viewsFor(update)).toBeUndefined();
  });

  it('holds at most its limit, letting the least recently used go', () => {
    const held = new HeldViews(2);
    held.remember(1, {
      tenants: new Map([
        ['a', tenant('a', 0)],
        ['b', tenant('b', 0)],
      ]),
      operations: new Map(),
    });
    expect(held.viewsFor([streamed('TenantUpdateRequested', 'a', 'op-a')])).toBeDefined();
    held.remember(2, { tenants: new Map([['c', tenant('c', 0)]]), operations: new Map() });
    expect(held.viewsFor([streamed('TenantUpdateRequested', 'b', 'op-b')])).toBeUndefined();
    expect(held.viewsFor([streamed('TenantUpdateRequested', 'a', 'op-a')])).toBeDefined();
    expect(held.viewsFor([streamed('TenantUpdateRequested', 'c', 'op-c')])).toBeDefined();
  });
});
