import { waitFor } from '@tenantry/testing';
import { createReadSide } from '../../read-side';
import { createReadSideWorld, ReadSideWorld } from '../../../../../libs/read-model/src/__tests__/read-side-world';
import {
  provisioningStarted,
  stepCompleted,
  tenantRequested,
} from '../../../../../libs/read-model/src/__tests__/tenant-events';

const DAVE = 'root/user-dave';
const TENANTS = 60;

/**
 * A consumer that stops reading (a socket whose client does not read) holds at most
 * `announcementCapacity` announcements; past it, its feed reads the table after its
 * cursor when the consumer reads again: every notification, in order, none twice.
 */
describe('a feed whose consumer does not read', () => {
  let world: ReadSideWorld;
  let readSide: Awaited<ReturnType<typeof createReadSide>>;

  beforeAll(async () => {
    world = await createReadSideWorld('slow_consumer');
    readSide = await createReadSide({
      databaseUrl: world.database.url,
      prefix: world.prefix,
      nats: world.nats,
      announcementCapacity: 20,
    });
  });
  afterAll(async () => {
    await readSide?.close();
    await world?.dispose();
  });

  it(`gets all ${TENANTS * 3} notifications in order once it reads, after holding at most 20`, async () => {
    // Live from now (no cursor): with everything announced kept, it would never read the table.
    const feed = readSide.feed.subscribe({ kind: 'MINE', recipient: DAVE });
    const iterator = feed[Symbol.asyncIterator]();
    try {
      for (let i = 0; i < TENANTS; i++) {
        await world.publish(
          tenantRequested(`slow-${i}`, { requestedBy: DAVE }),
          provisioningStarted(`slow-${i}`, { requestedBy: DAVE }),
          ...(['CREATING_DATABASE', 'RUNNING_MIGRATIONS', 'CREATING_ADMIN'] as const).map((step) =>
            stepCompleted(`slow-${i}`, step, { requestedBy: DAVE }),
          ),
        );
      }
      const committed = await waitFor(
        () => readSide.queries.notifications({ kind: 'MINE', recipient: DAVE }, { first: 1_000 }),
        (list) => list.length === TENANTS * 3,
        { description: `${TENANTS * 3} notifications for Dave`, within: '60s' },
      );

      const tableReads = jest.spyOn(readSide.queries, 'notifications');
      const received: string[] = [];
      while (received.length < committed.length) {
        const next = await iterator.next();
        if (next.done) break;
        received.push(next.value.cursor);
      }
      expect(received).toEqual(committed.map((n) => n.cursor));
      // The announcements past the 20 kept were dropped: what they said was read from the table.
      expect(tableReads).toHaveBeenCalled();
    } finally {
      await feed.close();
    }
  });
});
