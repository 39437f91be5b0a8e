import { fork } from 'node:child_process';
import { join } from 'node:path';
import { newEventId, StoredEvent } from '@tenantry/event-store';
import {
  ensureTenantEventsStream,
  eventHeaders,
  natsNames,
  storedEventCodec,
  tenantEventSubject,
} from '@tenantry/messaging';
import { createTestDatabase, testNats, uniquePrefix } from '@tenantry/testing';
import { AckPolicy, connect, DeliverPolicy, NatsConnection } from 'nats';
import { Client } from 'pg';
import { BenchContext, MeasureResult, ratio, verdict } from '../context';
import { now, round } from '../stats';
import { WORKERS_DIR } from '../peers/worker-process';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const USERS = Array.from({ length: 20 }, (_, i) => `bench-user-${i}`);

/** One tenant's life in 9 events: requested, started, 4 steps, provisioned, an update requested and done. */
function tenantLife(index: number): { type: string; data: Record<string, unknown> }[] {
  const tenantId = `r-${index}`;
  const create = `op-c-${index}`;
  const update = `op-u-${index}`;
  const requestedBy = USERS[index % USERS.length]!;
  const at = (s: number) => new Date(T0 + index * 1000 + s * 10).toISOString();
  const env = (operationId: string, s: number) => ({ tenantId, operationId, requestedBy, occurredAt: at(s) });
  const steps = ['CREATING_DATABASE', 'RUNNING_MIGRATIONS', 'CREATING_ADMIN', 'ASSIGNING_ROLES'];
  return [
    {
      type: 'TenantRequested',
      data: {
        ...env(create, 0),
        name: `Tenant ${index}`,
        adminEmail: `admin@${tenantId}.bench`,
        adminPasswordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
        database: { mode: 'SHARED', name: `tenant_r_${index}`, host: null },
        priority: 'NORMAL',
      },
    },
    { type: 'TenantProvisioningStarted', data: { ...env(create, 1), kind: 'CREATE', attempt: 1 } },
    ...steps.map((step, i) => ({
      type: 'TenantProvisioningStepCompleted',
      data: { ...env(create, 3 + i), step, attempt: 1, startedAt: at(2 + i) },
    })),
    { type: 'TenantProvisioned', data: { ...env(create, 8), attempt: 1 } },
    { type: 'TenantUpdateRequested', data: { ...env(update, 9), changes: { name: `Tenant ${index} renamed` } } },
    { type: 'TenantUpdated', data: { ...env(update, 10), name: `Tenant ${index} renamed`, isActive: true } },
  ];
}

/** Writes `count` (or a little more, whole tenants) events straight into a fresh TENANT_EVENTS stream, as the relay would. */
async function generate(
  nats: NatsConnection,
  prefix: string,
  count: number,
  onProgress: (done: number) => void,
): Promise<number> {
  const names = natsNames(prefix);
  await ensureTenantEventsStream(await nats.jetstreamManager(), names);
  const js = nats.jetstream();
  const subjectOf = tenantEventSubject(names);
  let position = 0;
  let inFlight: Promise<unknown>[] = [];
  for (let tenant = 0; position < count; tenant++) {
    for (const [revision, event] of tenantLife(tenant).entries()) {
      const stored: StoredEvent = {
        id: newEventId(),
        stream: `tenant-r-${tenant}`,
        type: event.type,
        revision: BigInt(revision),
        position: String(++position),
        data: event.data,
        metadata: {},
        recordedAt: new Date(),
      };
      inFlight.push(
        js.publish(subjectOf(stored)!, storedEventCodec.encode(stored), {
          msgID: stored.id,
          headers: eventHeaders(stored),
        }),
      );
    }
    if (inFlight.length >= 2000) {
      await Promise.all(inFlight);
      inFlight = [];
      onProgress(position);
    }
  }
  await Promise.all(inFlight);
  onProgress(position);
  return position;
}

/**
 * 5. Read-model rebuild: events generated straight into a fresh stream (the relay's
 * format), then the gateway's rebuild (drop, recreate, replay through the projector)
 * in its own process. Floor: the same messages read with a pull consumer and written
 * as rows, 500 per transaction, just before and just after the rebuild (its rate over
 * both runs), so that a machine whose speed drifts weighs on both alike.
 */
export async function measureRebuild(ctx: BenchContext): Promise<MeasureResult> {
  const { sizes, progress } = ctx;
  const database = await createTestDatabase('bench_rebuild');
  const prefix = uniquePrefix('bench_rebuild');
  const natsUrl = (await testNats()).url;
  const nats = await connect({ servers: natsUrl, name: 'bench-rebuild-generator' });
  try {
    const total = await generate(nats, prefix, sizes.rebuildEvents, (d) =>
      progress.update('5 rebuild: writing events into the stream', d, sizes.rebuildEvents),
    );
    const floorRun = (run: string) =>
      rawFloor(nats, prefix, database.url, total, run, (d) =>
        progress.update(`5 rebuild: raw floor (pull + INSERT), ${run}`, d, total),
      );
    const floorBefore = await floorRun('before');
    const result = await new Promise<{
      done: { processed: number; applied: number; eventsPerSecond: number };
      seconds: number;
    }>((resolve, reject) => {
      const child = fork(join(WORKERS_DIR, 'rebuild.cjs'), [], {
        env: { ...process.env, DATABASE_URL: database.url, NATS_URL: natsUrl, NATS_PREFIX: prefix },
        stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
      child.on('message', (message: RebuildMessage) => {
        if (message.progress)
          progress.update(
            '5 rebuild: replaying',
            message.progress.processed,
            total,
            `${message.progress.eventsPerSecond} events/s`,
          );
        if (message.done) resolve(message);
      });
      child.on('exit', (code) => code !== 0 && reject(new Error(`rebuild exited with ${code}: ${stderr}`)));
    });
    const floorAfter = await floorRun('after');
    const floor = (2 * total) / (floorBefore + floorAfter);
    // The rebuild's own rate: from the start of the replay (after dropping and recreating the tables).
    const eventsPerSecond = result.done.eventsPerSecond;
    return {
      rows: [
        {
          measure: '5 rebuild',
          metric: `read-model rebuild of ${total} events, events/s`,
          tenantry: `${round(eventsPerSecond, 0)} events/s (${result.done.applied} applied; ${round(result.seconds, 1)} s with setup)`,
          peers: `raw floor (pull consumer + 500-row INSERTs) ${round(floor, 0)} events/s (run before ${round(total / floorBefore, 0)}/s, after ${round(total / floorAfter, 0)}/s)`,
          ratio: ratio(eventsPerSecond / floor),
          target: '≥ 0.85× the raw floor (goal ≥ 0.9×)',
          verdict: verdict(eventsPerSecond >= 0.85 * floor),
        },
      ],
      details: {
        events: total,
        processed: result.done.processed,
        applied: result.done.applied,
        seconds: round(result.seconds),
        eventsPerSecond: round(eventsPerSecond),
        rawFloorEventsPerSecond: round(floor),
      },
      notes: [],
    };
  } finally {
    await (await nats.jetstreamManager()).streams.delete(natsNames(prefix).stream).catch(() => undefined);
    await nats.close();
    await database.drop();
  }
}

/** The floor's run `run` (its consumer and table its own): the seconds it took to write `total` events as rows. */
async function rawFloor(
  nats: NatsConnection,
  prefix: string,
  databaseUrl: string,
  total: number,
  run: string,
  onProgress: (done: number) => void,
): Promise<number> {
  const names = natsNames(prefix);
  const jsm = await nats.jetstreamManager();
  const durable = `${prefix}_bench_floor_${run}`;
  await jsm.consumers.add(names.stream, {
    durable_name: durable,
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
  });
  const consumer = await nats.jetstream().consumers.get(names.stream, durable);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `create table bench_floor_events_${run} (id uuid primary key, stream text not null, type text not null, data jsonb not null)`,
    );
    const start = now();
    let done = 0;
    const messages = await consumer.consume({ max_messages: 1000 });
    let batch: { id: string; stream: string; type: string; data: string }[] = [];
    const flush = async () => {
      await client.query('begin');
      await client.query(
        `insert into bench_floor_events_${run} (id, stream, type, data) select * from unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`,
        [batch.map((e) => e.id), batch.map((e) => e.stream), batch.map((e) => e.type), batch.map((e) => e.data)],
      );
      await client.query('commit');
      done += batch.length;
      batch = [];
      onProgress(done);
    };
    for await (const message of messages) {
      const event = storedEventCodec.decode(message.data);
      batch.push({ id: event.id, stream: event.stream, type: event.type, data: JSON.stringify(event.data) });
      if (batch.length >= 500 || done + batch.length >= total || message.info.pending === 0) await flush();
      if (done >= total) break;
    }
    // close() can wait for a pull that never ends; the connection closes it anyway.
    await Promise.race([messages.close(), new Promise((resolve) => setTimeout(resolve, 500))]);
    return (now() - start) / 1000;
  } finally {
    await client.end();
  }
}

/** What workers/rebuild.cjs sends: progress while it replays, then the totals. */
type RebuildMessage =
  | { progress: { processed: number; eventsPerSecond: number }; done?: undefined }
  | { done: { processed: number; applied: number; eventsPerSecond: number }; seconds: number; progress?: undefined };
