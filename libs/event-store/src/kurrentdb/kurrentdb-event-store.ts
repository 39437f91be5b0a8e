import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { EventStore, GlobalPosition, ReadAllOptions, START, SubscribeOptions, Subscription } from '../event-store';
import { pollingSubscription } from '../subscription/polling-subscription';
import { WakeupSignal } from '../subscription/wakeup-signal';
import { appendToStream } from './append';
import { wakeOnAppends } from './live-wakeup';
import { KurrentPosition, parseKurrentPosition } from './position';
import { readAllPage, readStream } from './read';
import { streamNaming } from './records';

export type KurrentDBEventStoreOptions = (
  { connectionString: string; client?: never } | { client: KurrentDBClient; connectionString?: never }
) & {
  /** Prefix of every stream this store writes and reads, so installations can share a server; empty by default. */
  streamPrefix?: string;
  /** Fallback poll of subscriptions, for appends the live subscription did not signal. */
  pollIntervalMs?: number;
};

export interface KurrentDBEventStore extends EventStore {
  /** Nothing to create in KurrentDB: checks that the server answers. */
  ensureSchema(): Promise<void>;
  readonly client: KurrentDBClient;
}

/**
 * The KurrentDB adapter of the event store port. Global order is `$all`'s, positions
 * are its `{commit, prepare}` pairs (see `position.ts`), system events (`$…`) and
 * other prefixes' streams are left out. A client passed in is not disposed by `close()`.
 */
export function kurrentDBEventStore(options: KurrentDBEventStoreOptions): KurrentDBEventStore {
  const naming = streamNaming(options.streamPrefix);
  const ownsClient = options.client === undefined;
  const client = options.client ?? KurrentDBClient.connectionString(options.connectionString);
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const subscriptions = new Set<Subscription>();

  const readAll = async (read: ReadAllOptions = {}) =>
    (await readAllPage(client, naming, parseKurrentPosition(read.after), read.limit)).events;

  const subscribeToAll = (subscribe: SubscribeOptions): Subscription => {
    const wakeup = new WakeupSignal();
    const live = wakeOnAppends(
      client,
      naming,
      wakeup,
      (error) => subscribe.onError?.(error),
      Math.max(pollIntervalMs, 1000),
    );
    // Where the last scan ended, so a long run of other records is not read again on every poll.
    let scanned: { after: GlobalPosition; upTo: KurrentPosition } | undefined;
    const subscription = pollingSubscription({
      ...subscribe,
      async readAll({ after = START, limit }) {
        const from = scanned?.after === after ? scanned.upTo : parseKurrentPosition(after);
        const page = await readAllPage(client, naming, from, limit);
        const upTo = page.scannedTo ?? from;
        scanned = upTo && { after: page.events.at(-1)?.position ?? after, upTo };
        return page.events;
      },
      wakeup,
      pollIntervalMs,
      onClose: async () => {
        subscriptions.delete(subscription);
        await live.close();
      },
    });
    subscriptions.add(subscription);
    return subscription;
  };

  return {
    client,
    async ensureSchema() {
      for await (const _ of client.readAll({ maxCount: 1, requiresLeader: true })) break;
    },
    append: (stream, events, expected) => appendToStream(client, naming, stream, events, expected),
    readStream: (stream, options) => readStream(client, naming, stream, options),
    readAll,
    subscribeToAll,
    async close() {
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      if (ownsClient) await client.dispose();
    },
  };
}
