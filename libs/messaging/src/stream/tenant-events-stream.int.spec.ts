import { testNats, uniquePrefix } from '@tenantry/testing';
import { JetStreamManager, nanos, NatsConnection, StorageType } from 'nats';
import { connectNats } from '../connect-nats';
import { natsNames } from '../nats-names';
import { ensureTenantEventsStream } from './tenant-events-stream';

let nc: NatsConnection;
let jsm: JetStreamManager;
const names = natsNames(uniquePrefix('stream_setup'));

beforeAll(async () => {
  nc = await connectNats({ url: (await testNats()).url, name: 'tenant-events-stream-spec' });
  jsm = await nc.jetstreamManager();
});
afterAll(async () => {
  await jsm.streams.delete(names.stream).catch(() => undefined);
  await nc.close();
});

describe('ensuring the tenant events stream', () => {
  it('creates it once, even from concurrent starts', async () => {
    const infos = await Promise.all(Array.from({ length: 5 }, () => ensureTenantEventsStream(jsm, names)));
    expect(new Set(infos.map((info) => info.config.name))).toEqual(new Set([names.stream]));
    const { config } = await jsm.streams.info(names.stream);
    expect(config.subjects).toEqual([names.allEvents]);
    expect(config.storage).toBe(StorageType.File);
    expect(config.duplicate_window).toBe(nanos(120_000));
  });

  it('brings an existing stream to the requested duplicate window', async () => {
    await ensureTenantEventsStream(jsm, names);
    await ensureTenantEventsStream(jsm, names, { duplicateWindowMs: 30_000 });
    expect((await jsm.streams.info(names.stream)).config.duplicate_window).toBe(nanos(30_000));
  });
});
