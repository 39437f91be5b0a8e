import { loopbackPlacements, NatsCluster, startNatsCluster, testNats, uniquePrefix } from '@tenantry/testing';
import { AckPolicy, JetStreamManager, nanos, NatsConnection, StorageType } from 'nats';
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

describe('ensuring the tenant events stream on a three-node cluster', () => {
  let cluster: NatsCluster;
  let clusterNats: NatsConnection;
  let clusterJsm: JetStreamManager;

  beforeAll(async () => {
    cluster = await startNatsCluster(await loopbackPlacements(3));
    clusterNats = await connectNats({ url: cluster.url, name: 'tenant-events-stream-cluster-spec' });
    clusterJsm = await clusterNats.jetstreamManager();
  }, 60_000);
  afterAll(async () => {
    await clusterNats?.close();
    await cluster?.stop();
  });

  const copies = async (stream: string) => {
    const info = await clusterJsm.streams.info(stream);
    return 1 + (info.cluster?.replicas?.length ?? 0);
  };

  it('keeps as many copies as NATS_STREAM_REPLICAS asks, and the durable consumers follow', async () => {
    const replicated = natsNames(uniquePrefix('stream_r3'));
    const info = await ensureTenantEventsStream(clusterJsm, replicated, { replicas: 3 });
    expect(info.config.num_replicas).toBe(3);
    expect(await copies(replicated.stream)).toBe(3);
    const consumer = await clusterJsm.consumers.add(replicated.stream, {
      durable_name: replicated.consumers.provisioner,
      ack_policy: AckPolicy.Explicit,
    });
    expect(1 + (consumer.cluster?.replicas?.length ?? 0)).toBe(3);
  });

  it('raises the copies of an existing stream, and never lowers them', async () => {
    const grown = natsNames(uniquePrefix('stream_grow'));
    await ensureTenantEventsStream(clusterJsm, grown);
    expect(await copies(grown.stream)).toBe(1);
    await ensureTenantEventsStream(clusterJsm, grown, { replicas: 3 });
    expect((await clusterJsm.streams.info(grown.stream)).config.num_replicas).toBe(3);
    await ensureTenantEventsStream(clusterJsm, grown, { replicas: 1 });
    expect((await clusterJsm.streams.info(grown.stream)).config.num_replicas).toBe(3);
  });

  it('answers a service that starts while the stream has no leader yet (just after its copies changed)', async () => {
    const moving = natsNames(uniquePrefix('stream_moving'));
    await ensureTenantEventsStream(clusterJsm, moving);
    await ensureTenantEventsStream(clusterJsm, moving, { replicas: 3 });
    const info = await ensureTenantEventsStream(clusterJsm, moving, { replicas: 3, duplicateWindowMs: 30_000 });
    expect(info.config).toMatchObject({ num_replicas: 3, duplicate_window: nanos(30_000) });
  });

  it("refuses more copies than the cluster has nodes at once, with JetStream's reason", async () => {
    const tooMany = natsNames(uniquePrefix('stream_r5'));
    const started = Date.now();
    await expect(ensureTenantEventsStream(clusterJsm, tooMany, { replicas: 5 })).rejects.toThrow(
      /no suitable peers|insufficient/i,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
