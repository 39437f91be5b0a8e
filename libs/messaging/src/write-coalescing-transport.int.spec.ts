import { testNats, uniquePrefix, waitFor } from '@tenantry/testing';
import type { Socket } from 'node:net';
import { connect, NatsConnection } from 'nats';
import { connectNats } from './connect-nats';

jest.setTimeout(30_000);

const subject = `${uniquePrefix('coalescing')}.messages`;
let url: string;
let receiver: NatsConnection;
const received: string[] = [];

/** The socket under a connection, its writes counted as they reach the kernel. */
function countWrites(nats: NatsConnection): { readonly count: number } {
  const socket = (nats as unknown as { protocol: { transport: { socket: Socket } } }).protocol.transport.socket;
  const counter = { count: 0 };
  const internals = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
  for (const method of ['_write', '_writev'] as const) {
    const original = internals[method].bind(socket);
    internals[method] = (...args: unknown[]) => {
      counter.count++;
      original(...args);
    };
  }
  return counter;
}

beforeAll(async () => {
  url = (await testNats()).url;
  receiver = await connect({ servers: url });
  receiver.subscribe(subject, { callback: (_error, message) => received.push(message.string()) });
  await receiver.flush();
});
beforeEach(() => (received.length = 0));
afterAll(() => receiver.close());

it('sends the publishes of one turn, made across many microtasks, in one write and in order', async () => {
  const nats = await connectNats({ url, name: 'coalescing-spec' });
  try {
    const writes = countWrites(nats);
    // Each await ends a microtask checkpoint, where nats.js writes what is pending.
    for (let i = 0; i < 50; i++) {
      nats.publish(subject, String(i));
      await Promise.resolve();
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes.count).toBe(1);
    await waitFor(
      () => received.length,
      (n) => n === 50,
      { within: '5s' },
    );
    expect(received).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
  } finally {
    await nats.close();
  }
});

it('loses nothing published just before the connection drains', async () => {
  const nats = await connectNats({ url, name: 'coalescing-spec' });
  for (let i = 0; i < 10; i++) nats.publish(subject, `last-${i}`);
  await nats.drain();
  await waitFor(
    () => received.length,
    (n) => n === 10,
    { within: '5s' },
  );
  expect(received).toEqual(Array.from({ length: 10 }, (_, i) => `last-${i}`));
});

it('still answers requests, whose replies come in later turns', async () => {
  const nats = await connectNats({ url, name: 'coalescing-spec' });
  try {
    nats.subscribe(`${subject}.echo`, { callback: (_error, message) => message.respond(message.data) });
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => nats.request(`${subject}.echo`, String(i), { timeout: 5_000 })),
    );
    expect(replies.map((reply) => reply.string())).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  } finally {
    await nats.close();
  }
});
