import { randomBytes, randomUUID } from 'node:crypto';
import { collect } from '@tenantry/testing';
import { describeEventStoreContract } from '../__tests__/event-store-contract';
import { DuplicateEventId } from '../duplicate-event-id';
import { StoredEvent } from '../event-store';
import { simulatedKurrentDB } from './__tests__/simulated-kurrentdb';
import { kurrentDBEventStore } from './kurrentdb-event-store';

// The adapter's own logic (claims, filtering, paging, positions, following $all) over a
// simulated server; kurrentdb-event-store.int.spec.ts runs the same suite against KurrentDB.
const freshPrefix = () => `t${randomBytes(4).toString('hex')}.`;

describeEventStoreContract('kurrentdb adapter over a simulated server', () =>
  kurrentDBEventStore({ client: simulatedKurrentDB().client, streamPrefix: freshPrefix(), pollIntervalMs: 50 }),
);
describeEventStoreContract('kurrentdb adapter over a simulated server, no prefix', () =>
  kurrentDBEventStore({ client: simulatedKurrentDB({ systemRecordEvery: 1 }).client, pollIntervalMs: 50 }),
);

describe('the KurrentDB adapter (simulated server)', () => {
  const newEvent = (type: string) => ({ id: randomUUID(), type, data: { type } });

  it('refuses an event id already stored in another stream, and appends nothing', async () => {
    const store = kurrentDBEventStore({ client: simulatedKurrentDB().client });
    const taken = newEvent('A');
    await store.append('tenant-a', [taken], 'no_stream');
    await expect(store.append('tenant-b', [newEvent('B'), taken], 'no_stream')).rejects.toBeInstanceOf(
      DuplicateEventId,
    );
    expect(await store.readStream('tenant-b')).toEqual([]);
  });

  it('refuses an id repeated within one batch', async () => {
    const store = kurrentDBEventStore({ client: simulatedKurrentDB().client });
    const event = newEvent('A');
    await expect(store.append('tenant-a', [event, event], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventId);
  });

  it('answers a retried append with the same ids as the first time, storing it once', async () => {
    const store = kurrentDBEventStore({ client: simulatedKurrentDB().client });
    const events = [newEvent('A'), newEvent('B')];
    const first = await store.append('tenant-a', events, 'no_stream');
    expect(await store.append('tenant-a', events, 'no_stream')).toEqual(first);
    expect(await store.readStream('tenant-a')).toHaveLength(2);
  });

  it('gives each event its own position, and append the last one, though the server reports the write commit', async () => {
    const store = kurrentDBEventStore({ client: simulatedKurrentDB().client });
    const result = await store.append('tenant-a', [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
    const positions = (await store.readStream('tenant-a')).map((e) => e.position);
    expect(new Set(positions).size).toBe(3);
    expect(result.position).toBe(positions[2]);
    expect(positions.every((p) => /^C:\d+\/P:\d+$/.test(p))).toBe(true);
  });

  it('keeps system records, id claims and other prefixes out of readAll and readStream', async () => {
    const server = simulatedKurrentDB({ systemRecordEvery: 1 });
    const mine = kurrentDBEventStore({ client: server.client, streamPrefix: 'mine.' });
    const theirs = kurrentDBEventStore({ client: server.client, streamPrefix: 'theirs.' });
    const unprefixed = kurrentDBEventStore({ client: server.client });
    await theirs.append('tenant-a', [newEvent('Theirs')], 'no_stream');
    await mine.append('tenant-a', [newEvent('Mine')], 'no_stream');
    await server.client.setStreamMetadata('mine.tenant-a', { maxAge: 60 });
    server.appendSystemRecord();
    expect((await mine.readAll()).map((e) => [e.stream, e.type])).toEqual([['tenant-a', 'Mine']]);
    expect((await theirs.readStream('tenant-a')).map((e) => e.type)).toEqual(['Theirs']);
    expect((await unprefixed.readAll()).map((e) => [e.stream, e.type])).toEqual([
      ['theirs.tenant-a', 'Theirs'],
      ['mine.tenant-a', 'Mine'],
    ]);
  });

  it('pages through long runs of other records without losing its place', async () => {
    const server = simulatedKurrentDB();
    const store = kurrentDBEventStore({ client: server.client, streamPrefix: 'p.' });
    const first = newEvent('First');
    await store.append('tenant-a', [first], 'no_stream');
    for (let i = 0; i < 1200; i++) server.appendSystemRecord();
    const second = newEvent('Second');
    await store.append('tenant-a', [second], 0n);
    expect((await store.readAll({ limit: 1 })).map((e) => e.id)).toEqual([first.id]);
    const [afterFirst] = await store.readAll();
    expect((await store.readAll({ after: afterFirst!.position })).map((e) => e.id)).toEqual([second.id]);
  });

  it('follows $all from a checkpoint, live, and closes its live subscription', async () => {
    const server = simulatedKurrentDB();
    // A poll interval far beyond the wait below: only the live subscription can deliver in time.
    const store = kurrentDBEventStore({ client: server.client, streamPrefix: 'f.', pollIntervalMs: 60_000 });
    const { position } = await store.append('tenant-a', [newEvent('Checkpointed')], 'no_stream');
    const inbox = collect<StoredEvent>();
    const subscription = store.subscribeToAll({
      after: position,
      onEvents: async (events) => events.forEach(inbox.push),
    });
    const next = newEvent('Next');
    await store.append('tenant-b', [next], 'no_stream');
    await inbox.next((e) => e.id === next.id, { within: '2s', description: 'the event after the checkpoint' });
    // Delivery is in order: the checkpointed event, had it come, would be before this one.
    expect(inbox.all.map((e) => e.id)).toEqual([next.id]);
    expect(server.liveSubscriptions()).toBe(1);
    await subscription.close();
    expect(server.liveSubscriptions()).toBe(0);
  });

  it('rejects a PostgreSQL position instead of reading from the wrong place', async () => {
    const store = kurrentDBEventStore({ client: simulatedKurrentDB().client });
    await expect(store.readAll({ after: '42:7' })).rejects.toMatchObject({ code: 'INVALID_GLOBAL_POSITION' });
  });
});
