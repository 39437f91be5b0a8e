import { newEventId, postgresEventStore, PostgresEventStore, StoredEvent } from '@tenantry/event-store';
import { eventHeaders, storedEventCodec, tenantEventSubject } from '@tenantry/messaging';
import type { TenantEvent } from '@tenantry/tenant-domain';
import type { ReadModel } from '../read-model';
import { ReadModelBehind } from '../queries/read-your-writes';
import { createReadSideWorld, ReadSideWorld } from './read-side-world';
import { tenantRequested, updateRequested } from './tenant-events';

/**
 * What a read waits for: events the event store holds and the read model does not show
 * yet. Here the relay is played by hand, so an event can be stored and not yet published.
 */
describe('read your writes on the read side', () => {
  let world: ReadSideWorld;
  let store: PostgresEventStore;
  let readModel: ReadModel;

  beforeAll(async () => {
    world = await createReadSideWorld('read_your_writes');
    store = postgresEventStore({ connectionString: world.database.url });
    await store.ensureSchema();
    readModel = await world.openReadModel({ readYourWritesTimeoutMs: 400 });
  });
  afterAll(async () => {
    await readModel?.close();
    await store?.close();
    await world?.dispose();
  });

  const relay = async (events: StoredEvent[]) => {
    const subjectOf = tenantEventSubject(world.names);
    for (const event of events) {
      await world.nats
        .jetstream()
        .publish(subjectOf(event)!, storedEventCodec.encode(event), { msgID: event.id, headers: eventHeaders(event) });
    }
  };
  /** Appends to the event store only, as tenant-command does before the relay publishes. */
  const storeOnly = async (tenantId: string, ...events: TenantEvent[]) => {
    const current = await store.readStream(`tenant-${tenantId}`);
    const stored = events.map((event) => ({
      id: newEventId(),
      type: event.type,
      data: event.data,
    }));
    await store.append(`tenant-${tenantId}`, stored, current.length === 0 ? 'no_stream' : BigInt(current.length - 1));
    return (await store.readStream(`tenant-${tenantId}`)).slice(current.length);
  };

  it('fails a read with ReadModelBehind after the bound while a stored event is not projected', async () => {
    await storeOnly('unrelayed', tenantRequested('unrelayed'));
    await expect(readModel.freshness.tenant('unrelayed', undefined)).rejects.toBeInstanceOf(ReadModelBehind);
    await expect(readModel.freshness.everyTenant()).rejects.toThrow(/not readable yet.*retry in a moment/);
  });

  it('waits for the projector, then the read shows the stored version', async () => {
    const stored = await storeOnly('late', tenantRequested('late'));
    const waiting = readModel.freshness.tenant('late', undefined);
    await relay(stored);
    await expect(waiting).resolves.toBe(true);
    expect(await readModel.queries.tenant('late')).toMatchObject({ version: 0, status: 'PENDING' });
  });

  it('answers at once, without waiting, when the read model already shows the stream head', async () => {
    await expect(readModel.freshness.tenant('late', 0)).resolves.toBe(false);
  });

  it('makes a list read wait for every tenant with stored events the read model lacks', async () => {
    const unrelayed = await store.readStream('tenant-unrelayed');
    const renamed = await storeOnly('late', updateRequested('late', { changes: { name: 'Later' } }));
    const listing = readModel.freshness.everyTenant();
    await relay([...unrelayed, ...renamed]);
    await expect(listing).resolves.toBeUndefined();
    const tenants = await readModel.queries.tenants();
    expect(tenants.map((t) => [t.id, t.version])).toEqual(
      expect.arrayContaining([
        ['unrelayed', 0],
        ['late', 1],
      ]),
    );
  });
});
