import { randomUUID } from 'node:crypto';
import { collect, waitFor } from '@tenantry/testing';
import {
  EventStore,
  ExpectedRevision,
  ExpectedRevisionConflict,
  NewEvent,
  ReadAllOptions,
  START,
  StoredEvent,
  Subscription,
} from '../event-store';

/** Builds a fresh, empty store for one test; the suite closes it after the test. */
export type EventStoreFactory = () => Promise<EventStore> | EventStore;

const newEvent = (type: string, data: Record<string, unknown> = {}, metadata?: NewEvent['metadata']): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata,
});

const uniqueStream = (): string => `tenant-${randomUUID().slice(0, 8)}`;

async function conflictOf(promise: Promise<unknown>): Promise<ExpectedRevisionConflict> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ExpectedRevisionConflict) return error;
    throw error;
  }
  throw new Error('expected an ExpectedRevisionConflict, but the append succeeded');
}

/**
 * The behaviour every EventStore adapter must have. Run it once per adapter:
 * `describeEventStoreContract('postgres', () => storeInFreshSchema())`.
 */
export function describeEventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    const subscriptions: Subscription[] = [];
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.close()));
      await store.close();
    });

    /**
     * readAll may lag behind the newest commits while older transactions are still
     * running (it never skips, so it waits for them): wait until `count` events are readable.
     */
    const readAllOnce = (count: number, options: ReadAllOptions = {}) =>
      waitFor(
        () => store.readAll(options),
        (events) => events.length >= count,
        {
          within: '5s',
          description: `${count} events to be readable`,
        },
      );

    describe('appending and reading a stream', () => {
      it('returns the events of a stream in order, with revisions from 0', async () => {
        const stream = uniqueStream();
        const first = newEvent('TenantRequested', { name: 'Acme' }, { correlationId: 'c-1' });
        const second = newEvent('TenantProvisioningStarted', { step: 1 });
        const result = await store.append(stream, [first, second], 'no_stream');
        expect(result.nextExpectedRevision).toBe(1n);

        const events = await store.readStream(stream);
        expect(events.map((e) => [e.id, e.type, e.revision, e.stream])).toEqual([
          [first.id, 'TenantRequested', 0n, stream],
          [second.id, 'TenantProvisioningStarted', 1n, stream],
        ]);
        expect(events[0]!.data).toEqual({ name: 'Acme' });
        expect(events[0]!.metadata).toEqual({ correlationId: 'c-1' });
        expect(events[1]!.metadata).toEqual({});
        expect(events[0]!.recordedAt).toBeInstanceOf(Date);
        expect(result.position).toBe(events[1]!.position);
      });

      it('continues revisions across appends', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent('A')], 'no_stream');
        const result = await store.append(stream, [newEvent('B'), newEvent('C')], 0n);
        expect(result.nextExpectedRevision).toBe(2n);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      });

      it('reads a stream from a revision on', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
        expect((await store.readStream(stream, { fromRevision: 1n })).map((e) => e.type)).toEqual(['B', 'C']);
        expect(await store.readStream(stream, { fromRevision: 3n })).toEqual([]);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(uniqueStream())).toEqual([]);
      });

      it('keeps streams apart', async () => {
        const [a, b] = [uniqueStream(), uniqueStream()];
        await store.append(a, [newEvent('A')], 'no_stream');
        await store.append(b, [newEvent('B')], 'no_stream');
        expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A']);
        expect((await store.readStream(b)).map((e) => e.revision)).toEqual([0n]);
      });
    });

    describe('expected revision', () => {
      const cases: Array<[string, ExpectedRevision, number, boolean, bigint | 'no_stream']> = [
        ["'no_stream' holds for a new stream", 'no_stream', 0, true, 'no_stream'],
        ["'no_stream' fails for an existing stream", 'no_stream', 2, false, 1n],
        ["'stream_exists' fails for a new stream", 'stream_exists', 0, false, 'no_stream'],
        ["'stream_exists' holds for an existing stream", 'stream_exists', 1, true, 0n],
        ["'any' holds for a new stream", 'any', 0, true, 'no_stream'],
        ["'any' holds for an existing stream", 'any', 3, true, 2n],
        ['a revision holds when it is the last one', 1n, 2, true, 1n],
        ['a revision fails when it is behind', 0n, 2, false, 1n],
        ['a revision fails when it is ahead', 5n, 2, false, 1n],
        ['a revision fails for a new stream', 0n, 0, false, 'no_stream'],
      ];
      it.each(cases)('%s', async (_rule, expected, existing, holds, actual) => {
        const stream = uniqueStream();
        if (existing > 0)
          await store.append(
            stream,
            Array.from({ length: existing }, () => newEvent('Existing')),
            'no_stream',
          );
        const appending = store.append(stream, [newEvent('Next')], expected);
        if (holds) {
          await expect(appending).resolves.toMatchObject({ nextExpectedRevision: BigInt(existing) });
        } else {
          const conflict = await conflictOf(appending);
          expect(conflict).toMatchObject({ code: 'EXPECTED_REVISION_CONFLICT', stream, expected, actual });
          expect(await store.readStream(stream)).toHaveLength(existing);
        }
      });

      it('lets exactly one of 50 concurrent first appends win', async () => {
        const stream = uniqueStream();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) =>
            store.append(stream, [newEvent('TenantRequested', { attempt: i })], 'no_stream'),
          ),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.every((o) => o.reason instanceof ExpectedRevisionConflict)).toBe(true);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it("appends every one of 20 concurrent 'any' appends to one stream, at distinct revisions", async () => {
        const stream = uniqueStream();
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.append(stream, [newEvent('TenantUpdateRequested', { i })], 'any')),
        );
        const revisions = results.map((r) => r.nextExpectedRevision).sort((a, b) => (a < b ? -1 : 1));
        expect(revisions).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
        expect(await store.readStream(stream)).toHaveLength(20);
      });
    });

    describe('atomicity', () => {
      it('appends all events of a batch or none', async () => {
        const stream = uniqueStream();
        const taken = newEvent('A');
        await store.append(uniqueStream(), [taken], 'no_stream');
        await expect(store.append(stream, [newEvent('B'), { ...taken }], 'any')).rejects.toThrow();
        expect(await store.readStream(stream)).toEqual([]);
        expect((await readAllOnce(1)).map((e) => e.id)).toEqual([taken.id]);
      });

      it('stores a batch contiguously in the global log', async () => {
        const [a, b] = [uniqueStream(), uniqueStream()];
        await Promise.all([
          store.append(a, [newEvent('A1'), newEvent('A2'), newEvent('A3')], 'no_stream'),
          store.append(b, [newEvent('B1'), newEvent('B2'), newEvent('B3')], 'no_stream'),
        ]);
        const order = (await readAllOnce(6)).map((e) => e.type).join(',');
        expect(['A1,A2,A3,B1,B2,B3', 'B1,B2,B3,A1,A2,A3']).toContain(order);
      });
    });

    describe('reading all', () => {
      async function appendSeveral(count: number): Promise<string[]> {
        const ids: string[] = [];
        for (let i = 0; i < count; i++) {
          const event = newEvent(`E${i}`, { i });
          ids.push(event.id);
          await store.append(i % 2 ? 'tenant-odd' : 'tenant-even', [event], 'any');
        }
        return ids;
      }

      it('returns every event in append order', async () => {
        const ids = await appendSeveral(7);
        expect((await readAllOnce(7)).map((e) => e.id)).toEqual(ids);
        expect((await readAllOnce(7, { after: START })).map((e) => e.id)).toEqual(ids);
      });

      it('continues after a position and honours the limit', async () => {
        const ids = await appendSeveral(7);
        await readAllOnce(7);
        const firstPage = await readAllOnce(3, { limit: 3 });
        expect(firstPage.map((e) => e.id)).toEqual(ids.slice(0, 3));
        const rest = await readAllOnce(4, { after: firstPage[2]!.position });
        expect(rest.map((e) => e.id)).toEqual(ids.slice(3));
        expect(await store.readAll({ after: rest.at(-1)!.position })).toEqual([]);
      });

      it('gives the positions that append returned', async () => {
        const result = await store.append(uniqueStream(), [newEvent('A'), newEvent('B')], 'no_stream');
        expect((await readAllOnce(2)).at(-1)!.position).toBe(result.position);
      });
    });

    describe('subscribing to all', () => {
      const subscribe = (after?: string) => {
        const inbox = collect<StoredEvent>();
        const batches: StoredEvent[][] = [];
        let inFlight = 0;
        let overlapped = false;
        const subscription = store.subscribeToAll({
          after,
          batchSize: 4,
          onEvents: async (events) => {
            overlapped ||= inFlight > 0;
            inFlight++;
            batches.push(events);
            await Promise.resolve();
            events.forEach(inbox.push);
            inFlight--;
          },
        });
        subscriptions.push(subscription);
        return { inbox, batches, subscription, overlapped: () => overlapped };
      };

      it('delivers past events, then live ones, in order and one batch at a time', async () => {
        const stream = uniqueStream();
        const past = Array.from({ length: 6 }, (_, i) => newEvent(`Past${i}`));
        await store.append(stream, past, 'no_stream');
        const { inbox, batches, overlapped } = subscribe();
        const seenPast = await inbox.take(6, () => true, { within: '5s', description: 'past events' });
        expect(seenPast.map((e) => e.id)).toEqual(past.map((e) => e.id));

        const live = newEvent('Live');
        await store.append(stream, [live], 5n);
        expect((await inbox.next(() => true, { within: '5s', description: 'the live event' })).id).toBe(live.id);
        expect(batches.every((batch) => batch.length <= 4)).toBe(true);
        expect(overlapped()).toBe(false);
      });

      it('starts after the given position', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent('Before')], 'no_stream');
        const { position } = await store.append(stream, [newEvent('AlsoBefore')], 0n);
        const after = newEvent('After');
        await store.append(stream, [after], 1n);
        const { inbox } = subscribe(position);
        expect((await inbox.next(() => true, { within: '5s' })).id).toBe(after.id);
        // A barrier: delivery is in order, so an event before the position (or a repeat) would come before this one.
        const barrier = newEvent('Barrier');
        await store.append(stream, [barrier], 2n);
        await inbox.next((e) => e.id === barrier.id, { within: '5s', description: 'the barrier event' });
        expect(inbox.all.map((e) => e.id)).toEqual([after.id, barrier.id]);
      });

      it('retries a batch whose handler failed', async () => {
        const event = newEvent('Retried');
        await store.append(uniqueStream(), [event], 'no_stream');
        const attempts: string[] = [];
        const errors = collect<unknown>();
        subscriptions.push(
          store.subscribeToAll({
            onEvents: async (events) => {
              attempts.push(events[0]!.id);
              if (attempts.length === 1) throw new Error('handler failed once');
            },
            onError: errors.push,
          }),
        );
        await waitFor(
          () => attempts.length,
          (count) => count >= 2,
          { within: '5s', description: 'a second attempt' },
        );
        expect(attempts.slice(0, 2)).toEqual([event.id, event.id]);
        expect(String(await errors.next())).toContain('handler failed once');
      });

      it('stops delivering once closed', async () => {
        const stream = uniqueStream();
        const { inbox, subscription } = subscribe();
        const { position } = await store.append(stream, [newEvent('Seen')], 'no_stream');
        await inbox.next(() => true, { within: '5s' });
        await subscription.close();
        const unseen = newEvent('Unseen');
        await store.append(stream, [unseen], 0n);
        // A barrier: a subscription still open, from the same place, gets the event, so it was there to deliver.
        await subscribe(position).inbox.next((e) => e.id === unseen.id, {
          within: '5s',
          description: 'the event on an open subscription',
        });
        await inbox.expectNothing(() => true, { within: '1s', description: 'events after close' });
      });
    });
  });
}
