import { randomBytes, randomUUID } from 'node:crypto';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { collect } from '@tenantry/testing';
import { describeEventStoreContract } from '../__tests__/event-store-contract';
import { DuplicateEventId } from '../duplicate-event-id';
import { StoredEvent } from '../event-store';
import { containerRuntimeAvailable, describeIf } from './__tests__/describe-if';
import { startTestKurrentDB, TestKurrentDB } from './__tests__/kurrentdb-server';
import { kurrentDBEventStore } from './kurrentdb-event-store';

const serverAvailable = Boolean(process.env.KURRENTDB_URL) || containerRuntimeAvailable();

describeIf(
  serverAvailable,
  'no container runtime and no KURRENTDB_URL: the KurrentDB contract tests need Docker (or a KurrentDB server)',
  'KurrentDB event store',
  () => {
    let server: TestKurrentDB;
    let client: KurrentDBClient;
    beforeAll(async () => {
      server = await startTestKurrentDB();
      client = KurrentDBClient.connectionString(server.url);
    }, 180_000);
    afterAll(async () => {
      await client?.dispose();
      await server?.stop();
    });

    // Each test gets its own stream prefix on the one server, so readAll sees only its events.
    const freshPrefix = () => `t${randomBytes(4).toString('hex')}.`;
    describeEventStoreContract('kurrentdb', () =>
      kurrentDBEventStore({ client, streamPrefix: freshPrefix(), pollIntervalMs: 200 }),
    );

    describe('the KurrentDB adapter', () => {
      it('refuses an event id already stored in another stream, and appends nothing', async () => {
        const store = kurrentDBEventStore({ client, streamPrefix: freshPrefix() });
        const id = randomUUID();
        await store.append('tenant-a', [{ id, type: 'A', data: {} }], 'no_stream');
        await expect(store.append('tenant-b', [{ id, type: 'B', data: {} }], 'no_stream')).rejects.toBeInstanceOf(
          DuplicateEventId,
        );
        expect(await store.readStream('tenant-b')).toEqual([]);
      });

      it('accepts the same append retried with the same ids once, as KurrentDB does', async () => {
        const store = kurrentDBEventStore({ client, streamPrefix: freshPrefix() });
        const events = [{ id: randomUUID(), type: 'A', data: {} }];
        const first = await store.append('tenant-a', events, 'no_stream');
        const retried = await store.append('tenant-a', events, 'no_stream');
        expect(retried).toEqual(first);
        expect(await store.readStream('tenant-a')).toHaveLength(1);
      });

      it('leaves out system events, id claims and other prefixes from $all', async () => {
        const prefix = freshPrefix();
        const store = kurrentDBEventStore({ client, streamPrefix: prefix });
        const other = kurrentDBEventStore({ client, streamPrefix: freshPrefix() });
        await other.append('tenant-a', [{ id: randomUUID(), type: 'Other', data: {} }], 'no_stream');
        await client.setStreamMetadata(`${prefix}tenant-a`, { maxAge: 86_400 });
        const mine = await store.append('tenant-a', [{ id: randomUUID(), type: 'Mine', data: {} }], 'any');
        const all = await store.readAll();
        expect(all.map((e) => [e.type, e.stream])).toEqual([['Mine', 'tenant-a']]);
        expect(all[0]!.position).toBe(mine.position);
      });

      it('follows $all live from a checkpoint, as the relay does', async () => {
        const store = kurrentDBEventStore({ client, streamPrefix: freshPrefix() });
        const { position } = await store.append(
          'tenant-a',
          [{ id: randomUUID(), type: 'Checkpointed', data: {} }],
          'no_stream',
        );
        const inbox = collect<StoredEvent>();
        const subscription = store.subscribeToAll({
          after: position,
          onEvents: async (events) => events.forEach(inbox.push),
        });
        try {
          const next = { id: randomUUID(), type: 'Next', data: {} };
          await store.append('tenant-b', [next], 'no_stream');
          expect(
            (await inbox.next(() => true, { within: '5s', description: 'the event after the checkpoint' })).id,
          ).toBe(next.id);
          // A barrier: delivery is in order, so a repeat of either event would come before this one.
          const barrier = { id: randomUUID(), type: 'Barrier', data: {} };
          await store.append('tenant-b', [barrier], 0n);
          await inbox.next((e) => e.id === barrier.id, { within: '5s', description: 'the barrier event' });
          expect(inbox.all.map((e) => e.id)).toEqual([next.id, barrier.id]);
        } finally {
          await subscription.close();
        }
      });
    });
  },
);
