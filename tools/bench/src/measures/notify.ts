import { Client } from 'pg';
import { BenchContext, MeasureResult, p5099, ratio, verdict, within } from '../context';
import { now, round, summarize } from '../stats';
import type { PgBossPeer } from '../peers/pgboss';
import type { BullMqPeer } from '../peers/bullmq';

interface Peer {
  send(key: string): Promise<void>;
  worker: {
    started(key: string, timeoutMs?: number): Promise<number>;
    completedAtLeast(n: number, t?: number): Promise<void>;
    resetCounts(): void;
  };
}

/** Tenantry's updates and pg-boss's jobs alternate in this many blocks. */
const NOTIFY_BLOCKS = 5;

/** Sequential: send, then wait until the worker's handler has started. From send resolved to handler start. */
export async function sendToStart(
  peer: Peer,
  n: number,
  label: string,
  onProgress: (done: number) => void,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = `${label}-${i}`;
    await peer.send(key);
    const sent = now();
    const started = await peer.worker.started(key, 10_000);
    samples.push(Math.max(0, started - sent));
    onProgress(i + 1);
  }
  await peer.worker.completedAtLeast(n, 30_000);
  peer.worker.resetCounts();
  return samples;
}

/**
 * 2. Accepted → notification on the initiator's socket: updateTenant, then the time
 * until TENANT_UPDATED arrives on the graphql-ws subscription (the whole pipeline:
 * relay, JetStream, provisioner job, relay, projector, NATS, gateway, socket),
 * against a job's send → handler start in pg-boss (LISTEN/NOTIFY and polling) and
 * BullMQ, and raw PostgreSQL INSERT + NOTIFY → LISTEN.
 */
export async function measureNotify(
  ctx: BenchContext,
  peers: { pgBoss: PgBossPeer; pgBossPoll?: PgBossPeer; bullmq?: BullMqPeer },
): Promise<MeasureResult> {
  const { tenantry, sizes, progress } = ctx;
  const n = sizes.notifyRequests;
  const pool = ctx.activeTenants.slice(0, 100);
  const tenantryMs: number[] = [];
  const requestToNotification: number[] = [];
  const traced: { operationId: string; acceptedAt: number; arrivedAt: number }[] = [];
  const pgBoss: number[] = [];
  const from = now();
  // Tenantry's updates and pg-boss's jobs take turns in blocks, so both meet the same machine.
  const block = Math.ceil(n / NOTIFY_BLOCKS);
  for (let first = 0; first < n; first += block) {
    const size = Math.min(block, n - first);
    for (let i = first; i < first + size && within(from, sizes.budget.notify); i++) {
      const id = pool[i % pool.length]!;
      const start = now();
      const accepted = await tenantry.updateTenant(id, `Notify ${i}`);
      const acceptedAt = now();
      const arrival = await tenantry.hub.next(accepted.operationId, 30_000);
      if (arrival.type !== 'TENANT_UPDATED') throw new Error(`update of ${id} ended with ${arrival.type}`);
      tenantryMs.push(Math.max(0, arrival.at - acceptedAt));
      requestToNotification.push(arrival.at - start);
      traced.push({ operationId: accepted.operationId, acceptedAt, arrivedAt: arrival.at });
      progress.update('2 notify: Tenantry update → TENANT_UPDATED', i + 1, n);
    }
    const sent = await sendToStart(peers.pgBoss, size, `notify-${first}`, (d) =>
      progress.update('2 notify: pg-boss (LISTEN/NOTIFY)', first + d, n),
    );
    pgBoss.push(...sent);
  }
  const poll = peers.pgBossPoll
    ? await sendToStart(peers.pgBossPoll, sizes.pollSamples, 'poll', (d) =>
        progress.update('2 notify: pg-boss (polling 0.5 s)', d, sizes.pollSamples),
      )
    : [];
  const bull = peers.bullmq
    ? await sendToStart(peers.bullmq, n, 'notify', (d) => progress.update('2 notify: BullMQ', d, n))
    : [];
  const raw = await rawInsertNotify(ctx.peersDatabase.url, n, (d) =>
    progress.update('2 notify: raw INSERT+NOTIFY → LISTEN', d, n),
  );

  const breakdown = await updateTimeline(ctx, traced);
  const s = {
    tenantry: summarize(tenantryMs),
    tenantryRequestToNotification: summarize(requestToNotification),
    pgBossListenNotify: summarize(pgBoss),
    pgBossPolling: summarize(poll),
    bullmq: summarize(bull),
    rawListenNotify: summarize(raw),
  };
  const peerText = [
    `pg-boss LISTEN/NOTIFY ${p5099(s.pgBossListenNotify)}`,
    `pg-boss polling 0.5 s ${p5099(s.pgBossPolling)}`,
    peers.bullmq ? `BullMQ ${p5099(s.bullmq)}` : `BullMQ skipped (${ctx.redisProblem})`,
    `raw NOTIFY ${p5099(s.rawListenNotify)}`,
  ].join('; ');
  return {
    rows: [
      {
        measure: '2 notify',
        metric: 'Accepted → TENANT_UPDATED on the socket vs send → handler start, p50 / p99',
        tenantry: p5099(s.tenantry),
        peers: peerText,
        ratio: `p99 ${ratio(s.tenantry.p99 / s.pgBossListenNotify.p99)} pg-boss NOTIFY, ${ratio(s.tenantry.p99 / s.pgBossPolling.p99)} pg-boss polling${peers.bullmq ? `, ${ratio(s.tenantry.p99 / s.bullmq.p99)} BullMQ` : ''}`,
        target: 'p99 ≤ 2× pg-boss LISTEN/NOTIFY p99 (goal ≤ 1×)',
        verdict: verdict(s.tenantry.p99 <= 2 * s.pgBossListenNotify.p99),
      },
    ],
    details: { requested: n, pollSamples: sizes.pollSamples, ...s, breakdown },
    notes: [
      `Notify: ${s.tenantry.n} Tenantry updates (of ${n}; time cap ${sizes.budget.notify} s), ${s.pgBossListenNotify.n} pg-boss (LISTEN/NOTIFY), ${s.pgBossPolling.n} pg-boss polling, ${s.bullmq.n} BullMQ, ${s.rawListenNotify.n} raw, one at a time; Tenantry's updates and pg-boss's LISTEN/NOTIFY jobs took turns in ${NOTIFY_BLOCKS} blocks. Tenantry: from Accepted to TENANT_UPDATED on the socket (relay, JetStream, provisioner job of one append, relay, projector, NATS, gateway); request → notification ${p5099(s.tenantryRequestToNotification)}. Peers: from send() resolved to handler start in the worker process.`,
      `Where an update's time goes (mean, from the events' occurredAt/startedAt and the bench clock): ${Object.entries(
        breakdown,
      )
        .map(([k, v]) => `${k} ${v} ms`)
        .join('; ')}.`,
    ],
  };
}

/** The floor of a PostgreSQL wake-up: INSERT + pg_notify in one statement, a LISTEN client told at commit. */
async function rawInsertNotify(databaseUrl: string, n: number, onProgress: (done: number) => void): Promise<number[]> {
  const producer = new Client({ connectionString: databaseUrl });
  const listener = new Client({ connectionString: databaseUrl });
  await Promise.all([producer.connect(), listener.connect()]);
  try {
    await producer.query(
      'create table if not exists bench_raw_jobs (id bigserial primary key, data jsonb not null, created_at timestamptz not null default now())',
    );
    const waiting = new Map<string, (at: number) => void>();
    const early = new Map<string, number>();
    listener.on('notification', (message) => {
      const at = now();
      const resolve = waiting.get(message.payload ?? '');
      if (resolve) resolve(at);
      else early.set(message.payload ?? '', at);
    });
    await listener.query('LISTEN bench_raw_jobs');
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const key = `raw-${i}`;
      await producer.query(
        "with job as (insert into bench_raw_jobs (data) values (jsonb_build_object('k', $1::text)) returning id) select pg_notify('bench_raw_jobs', $1) from job",
        [key],
      );
      const sent = now();
      const at = early.get(key) ?? (await new Promise<number>((resolve) => waiting.set(key, resolve)));
      samples.push(Math.max(0, at - sent));
      onProgress(i + 1);
    }
    return samples;
  } finally {
    await Promise.all([producer.end(), listener.end()]);
  }
}

/** What the timeline reads of an update's events (jsonb). */
interface UpdateEventData {
  operationId: string;
  occurredAt: string;
  ranInOneGo?: { startedAt: string };
}

/** Mean time per segment of an update, from its events (same machine, same clock) and the bench's own times. */
async function updateTimeline(
  ctx: BenchContext,
  traced: { operationId: string; acceptedAt: number; arrivedAt: number }[],
): Promise<Record<string, number>> {
  const client = new Client({ connectionString: ctx.tenantry.system.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ type: string; data: UpdateEventData; recorded: number }>(
      `select type, data, extract(epoch from recorded_at) * 1000 as recorded from events where data->>'operationId' = any($1::text[]) order by global_position`,
      [traced.map((t) => t.operationId)],
    );
    const sums = new Map<string, number>();
    const add = (k: string, v: number) => sums.set(k, (sums.get(k) ?? 0) + v);
    for (const t of traced) {
      const events = rows.filter((r) => r.data.operationId === t.operationId);
      const of = (type: string) => events.find((e) => e.type === type);
      const requested = Number(of('TenantUpdateRequested')?.recorded);
      const updated = of('TenantUpdated');
      // The job ran in one go: its outcome says when it started; the step ran from then until the outcome's occurredAt.
      const oneGo = updated?.data.ranInOneGo;
      if (!updated || !oneGo || !Number.isFinite(requested)) continue;
      const jobStarted = Date.parse(oneGo.startedAt);
      const stepDone = Date.parse(updated.data.occurredAt);
      const committed = Number(updated.recorded);
      add('Accepted (bench) − TenantUpdateRequested committed', t.acceptedAt - requested);
      add(
        'TenantUpdateRequested committed → job started (relay, JetStream, provisioner: schedule, decide)',
        jobStarted - requested,
      );
      add('step APPLYING_UPDATE (reach the tenant database)', stepDone - jobStarted);
      add("step done → TenantUpdated committed (the job's one append, of its one event)", committed - stepDone);
      add(
        'TenantUpdated committed → on the socket (relay, JetStream, projector transaction, NATS, gateway feed)',
        t.arrivedAt - committed,
      );
    }
    return Object.fromEntries([...sums].map(([k, v]) => [k, round(v / Math.max(1, traced.length), 1)]));
  } finally {
    await client.end();
  }
}
