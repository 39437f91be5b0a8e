import { newEventId, postgresEventStore, PostgresEventStore } from '@tenantry/event-store';
import { streamNameOf } from '@tenantry/tenant-domain';
import { waitFor } from '@tenantry/testing';
import type { ReadModel } from '../read-model';
import { rebuildReadModels } from '../rebuild/rebuild';
import { eventStoreLoader } from '../projection/tenant-events-loader';
import { createReadSideWorld, ReadSideWorld } from './read-side-world';
import { ALICE, provisionedHistory } from './tenant-events';

/**
 * The relay may, rarely, publish a tenant's event after a later one (a batch retried
 * after a publish timeout). The projector must not skip the earlier one: it reads the
 * missing revisions from the event store.
 */
describe('the projector facing an out-of-order delivery', () => {
  let world: ReadSideWorld;
  let store: PostgresEventStore;
  let readModel: ReadModel;

  beforeAll(async () => {
    world = await createReadSideWorld('gap');
    store = postgresEventStore({ connectionString: world.database.url });
    await store.ensureSchema();
    readModel = await world.openReadModel();
  });
  afterAll(async () => {
    await readModel?.close();
    await store?.close();
    await world?.dispose();
  });

  it('fills the gap from the event store and applies every event once, in revision order', async () => {
    const history = provisionedHistory('gappy');
    await store.append(
      streamNameOf('gappy'),
      history.map((e) => ({ id: newEventId(), type: e.type, data: e.data })),
      'no_stream',
    );
    const stored = await store.readStream(streamNameOf('gappy'));
    // Revision 3 arrives before revision 2; everything else in order.
    const [r0, r1, r2, r3, ...rest] = stored;
    await world.republish([r0!, r1!, r3!, r2!, ...rest]);

    const tenant = await waitFor(
      () => readModel.queries.tenant('gappy'),
      (t) => t?.status === 'ACTIVE',
      { description: 'gappy ACTIVE' },
    );
    expect(tenant!.version).toBe(stored.length - 1);
    const versions = (await readModel.queries.history('gappy')).map((e) => e.version);
    expect(versions).toEqual(stored.map((e) => Number(e.revision)));
    const created = (await readModel.queries.notifications({ kind: 'MINE', recipient: ALICE }, { first: 100 })).filter(
      (n) => n.tenantId === 'gappy',
    );
    expect(created.filter((n) => n.type === 'TENANT_PROVISIONING_PROGRESS')).toHaveLength(4);
    expect(created.filter((n) => n.type === 'TENANT_CREATED')).toHaveLength(1);
  });

  it('gives the same views when the read models are rebuilt from that stream', async () => {
    const contents = async (side: ReadModel) => ({
      tenant: await side.queries.tenant('gappy'),
      history: await side.queries.history('gappy'),
      notifications: (await side.queries.notifications({ kind: 'ALL' }, { first: 100 })).map(
        ({ cursor: _cursor, ...rest }) => rest,
      ),
    });
    const before = await contents(readModel);
    await readModel.close();
    const loader = eventStoreLoader({ kind: 'postgres', postgresUrl: world.database.url });
    try {
      await rebuildReadModels({
        databaseUrl: world.database.url,
        nats: world.nats,
        prefix: world.prefix,
        batchSize: 2,
        loadTenantEvents: loader.load,
      });
    } finally {
      await loader.close();
    }
    readModel = await world.openReadModel({ projector: false });
    expect(await contents(readModel)).toEqual(before);
  });
});
