import { waitFor } from '@tenantry/testing';
import type { JsMsg } from 'nats';
import type { ReadModel } from '../read-model';
import { jetStreamReader } from '../projection/delivery-gaps';
import { createReadSideWorld, ReadSideWorld } from './read-side-world';
import { provisionedHistory, tenantRequested } from './tenant-events';

/**
 * A JetStream delivery can be lost on its way: the node leading the consumer is killed
 * while sending, and the new leader goes on with later messages. The projector's consumer
 * acknowledges all, so the batch after the lost message would acknowledge it unprojected.
 * Here a second puller on the projector's consumer takes deliveries and never acknowledges
 * them, as a lost delivery is neither seen nor acknowledged.
 */
describe('the projector facing a lost delivery', () => {
  let world: ReadSideWorld;
  let readModel: ReadModel;

  beforeAll(async () => {
    world = await createReadSideWorld('lost_delivery');
    readModel = await world.openReadModel();
  });
  afterAll(async () => {
    await readModel?.close();
    await world?.dispose();
  });

  it('reads the message it was not delivered back from the stream and projects it, in stream order', async () => {
    // The projector leads and has its pull waiting.
    await world.publish(...provisionedHistory('first'));
    await waitFor(
      () => readModel.queries.tenant('first'),
      (t) => t?.status === 'ACTIVE',
      { description: 'first ACTIVE' },
    );
    const consumer = await world.nats.jetstream().consumers.get(world.names.stream, world.names.consumers.projector);
    // JetStream serves the waiting pulls in turn: new tenants are requested one at a time until one of
    // their messages goes to the second puller.
    const second: { taken?: JsMsg | null } = {};
    consumer
      .next({ expires: 30_000 })
      .then((message) => (second.taken = message))
      .catch(() => undefined);
    const requested: string[] = [];
    for (let i = 0; i < 50 && !second.taken; i++) {
      requested.push(`lost-${i}`);
      await world.publish(tenantRequested(`lost-${i}`));
      await waitFor(async () => second.taken ?? (await readModel.queries.tenant(`lost-${i}`)), Boolean, {
        within: '10s',
        description: `lost-${i} projected or taken`,
      });
    }
    const lost = second.taken;
    if (!lost)
      throw new Error('the second puller was never given a message: JetStream did not serve the pulls in turn');
    const lostTenant = lost.subject.split('.').at(-2)!;
    expect(requested).toContain(lostTenant);
    expect(await readModel.queries.tenant(lostTenant)).toBeNull();

    // The next delivery is the projector's: it acknowledges everything up to it, the lost one included.
    await world.publish(tenantRequested('after'));
    await waitFor(() => readModel.queries.tenant('after'), Boolean, { description: 'after projected' });
    expect(await readModel.queries.tenant(lostTenant)).toMatchObject({ status: 'PENDING', version: 0 });
    const order = (await readModel.queries.history(lostTenant)).map((e) => e.type);
    expect(order).toEqual(['TenantRequested']);
    expect(readModel.projectorStatus().checkpoint).toBe(await world.lastSequence());
  });

  it('reads the stream by sequence, and finds nothing where a message was deleted', async () => {
    const [stored] = await world.publish(tenantRequested('deleted-later'));
    const sequence = await world.lastSequence();
    const jsm = await world.nats.jetstreamManager();
    const reader = jetStreamReader(jsm, world.names.stream);
    expect(await reader.firstSequence()).toBe(1);
    const found = await reader.message(sequence);
    expect(found?.seq).toBe(sequence);
    expect(JSON.parse(new TextDecoder().decode(found!.data)).id).toBe(stored!.id);
    await jsm.streams.deleteMessage(world.names.stream, sequence);
    expect(await reader.message(sequence)).toBeUndefined();
  });
});
