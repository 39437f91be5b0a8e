/**
 * A world of its own for one read-side test file: a fresh database, a unique NATS
 * prefix with its own tenant events stream, and a relay stand-in that publishes tenant
 * events the way the real relay does (codec, headers, msgID = event id).
 */
import { newEventId, StoredEvent } from '@tenantry/event-store';
import {
  ensureTenantEventsStream,
  eventHeaders,
  natsNames,
  NatsNames,
  storedEventCodec,
  tenantEventSubject,
} from '@tenantry/messaging';
import { createTestDatabase, Inbox, testNats, TestDatabase, uniquePrefix } from '@tenantry/testing';
import { streamNameOf, TenantEvent } from '@tenantry/tenant-domain';
import { connect, NatsConnection } from 'nats';
import { createReadModel, ReadModel, ReadModelOptions } from '../read-model';
/** A live feed as the gateway's live fan-out returns it. */
type LiveFeed<T> = AsyncIterable<T> & { close(): Promise<void> };

export interface ReadSideWorld {
  database: TestDatabase;
  nats: NatsConnection;
  prefix: string;
  names: NatsNames;
  /** Publishes events as new ones (next revisions of their tenants' streams); returns what was stored. */
  publish(...events: TenantEvent[]): Promise<StoredEvent[]>;
  /** Publishes already stored events again (a relay replaying after its dedup window): new msgIDs, same ids. */
  republish(events: StoredEvent[]): Promise<void>;
  /** Publishes a message that is not a tenant event on a tenant events subject. */
  publishRaw(payload: string): Promise<void>;
  lastSequence(): Promise<number>;
  /** A read model on this world's database and stream; its projector retries for the lease every 100 ms unless told otherwise. */
  openReadModel(options?: Partial<ReadModelOptions>): Promise<ReadModel>;
  dispose(): Promise<void>;
}

export async function createReadSideWorld(label: string): Promise<ReadSideWorld> {
  const database = await createTestDatabase(label);
  const nats = await connect({ servers: (await testNats()).url });
  const prefix = uniquePrefix(label);
  const names = natsNames(prefix);
  const jsm = await nats.jetstreamManager();
  await ensureTenantEventsStream(jsm, names);
  const js = nats.jetstream();
  const subjectOf = tenantEventSubject(names);
  const revisions = new Map<string, bigint>();
  let position = 0;

  const send = async (stored: StoredEvent, msgID: string) => {
    await js.publish(subjectOf(stored)!, storedEventCodec.encode(stored), { msgID, headers: eventHeaders(stored) });
  };

  return {
    database,
    nats,
    prefix,
    names,
    async publish(...events) {
      const stored: StoredEvent[] = [];
      for (const event of events) {
        const stream = streamNameOf(event.data.tenantId);
        const revision = (revisions.get(stream) ?? -1n) + 1n;
        revisions.set(stream, revision);
        const record: StoredEvent = {
          id: newEventId(),
          stream,
          type: event.type,
          revision,
          position: String(++position),
          data: event.data,
          metadata: {},
          recordedAt: new Date(),
        };
        await send(record, record.id);
        stored.push(record);
      }
      return stored;
    },
    async republish(events) {
      for (const event of events) await send(event, `${event.id}:again:${newEventId()}`);
    },
    async publishRaw(payload) {
      await js.publish(names.eventSubject('poison', 'TenantRequested'), new TextEncoder().encode(payload));
    },
    async lastSequence() {
      return (await jsm.streams.info(names.stream)).state.last_seq;
    },
    openReadModel(options = {}) {
      return createReadModel({
        databaseUrl: database.url,
        prefix,
        nats,
        projector: { leaseRetryMs: 100 },
        ...options,
      });
    },
    async dispose() {
      await jsm.streams.delete(names.stream).catch(() => undefined);
      await nats.close();
      await database.drop();
    },
  };
}

/** Drains a feed into an inbox in the background; `close` the feed to stop. A feed that fails ends the drain; `failure` says why. */
export function inboxOf<T>(feed: LiveFeed<T>): Inbox<T> & { failure?: unknown } {
  const inbox: Inbox<T> & { failure?: unknown } = new Inbox<T>();
  void (async () => {
    for await (const item of feed) inbox.push(item);
  })().catch((error: unknown) => {
    inbox.failure = error;
  });
  return inbox;
}
