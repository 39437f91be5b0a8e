import { AckPolicy, DeliverPolicy } from 'nats';
import { placeProjectorConsumer } from '../projection/projector-consumer';
import { createReadSideWorld, ReadSideWorld } from './read-side-world';

describe("the projector's consumer", () => {
  let world: ReadSideWorld;
  beforeAll(async () => {
    world = await createReadSideWorld('projector_consumer');
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it('acknowledges all, and replaces one of an earlier version that acknowledged each message', async () => {
    const jsm = await world.nats.jetstreamManager();
    const { stream, consumers } = world.names;
    await jsm.consumers.add(stream, {
      durable_name: consumers.projector,
      filter_subject: world.names.allEvents,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    });
    const options = { ackWaitMs: 30_000, maxAckPending: 1000 };
    expect(await placeProjectorConsumer(jsm, world.names, 0, options)).toBe('repositioned');
    expect((await jsm.consumers.info(stream, consumers.projector)).config.ack_policy).toBe(AckPolicy.All);
    expect(await placeProjectorConsumer(jsm, world.names, 0, options)).toBe('reused');
  });
});
