import { cpus } from 'node:os';
import { BenchContext, MeasureResult, ratio, verdict, within } from '../context';
import { coresBusy, machineCpu } from '../machine-cpu';
import { cpuByProcess, cpuPerOperation, describeCpu } from '../process-cpu';
import { now, round, summarize } from '../stats';
import type { Arrival } from '../ws-client';

interface Peer {
  send(key: string): Promise<void>;
  worker: { completedAtLeast(n: number, t?: number): Promise<void>; resetCounts(): void };
}

/**
 * 3. Pipeline throughput: `ops` updates over `tenants` tenants from `clients`
 * concurrent clients, until every update is notified (TENANT_UPDATED on the socket).
 * Each client owns a share of the tenants and updates only a tenant whose last update
 * is done (the domain refuses an update of a tenant in UPDATING). Peers: the same
 * number of clients sending, a worker process working, until every job completed.
 */
export async function measureThroughput(
  ctx: BenchContext,
  peers: { pgBoss: Peer; bullmq?: Peer },
): Promise<MeasureResult> {
  const { tenantry, sizes, progress } = ctx;
  const ops = sizes.throughputOps;
  const tenants = ctx.activeTenants.slice(0, sizes.throughputTenants);
  if (tenants.length < sizes.throughputTenants)
    throw new Error(`need ${sizes.throughputTenants} ACTIVE tenants, have ${tenants.length}`);

  let notified = 0;
  let refused = 0;
  const idleWaiters = new Map<string, () => void>();
  const busy = new Map<string, string>();
  const byOperation = new Map<string, string>();
  const early = new Set<string>();
  const finish = (operationId: string) => {
    const tenant = byOperation.get(operationId)!;
    byOperation.delete(operationId);
    busy.delete(tenant);
    notified += 1;
    progress.update('3 throughput: Tenantry updates notified', notified, ops);
    idleWaiters.get(tenant)?.();
  };
  const onArrival = (arrival: Arrival) => {
    if (arrival.type !== 'TENANT_UPDATED' && arrival.type !== 'TENANT_UPDATE_FAILED') return;
    if (byOperation.has(arrival.operationId)) finish(arrival.operationId);
    else early.add(arrival.operationId);
  };
  tenantry.hub.listeners.add(onArrival);
  const perClient = Array.from({ length: sizes.clients }, (_, c) => tenants.filter((_, i) => i % sizes.clients === c));
  const quota = (c: number) => Math.floor(ops / sizes.clients) + (c < ops % sizes.clients ? 1 : 0);
  const allNotified = new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (notified >= ops || (!within(start, sizes.budget.throughput) && notified >= issued)) {
        clearInterval(check);
        resolve();
      }
    }, 5);
  });

  const start = now();
  const cpuAtStart = machineCpu();
  const pids = tenantry.servicePids;
  const byProcessAtStart = cpuByProcess(pids);
  let issued = 0;
  /** Each update's request → Accepted under this load: each client waits for it before its next. */
  const accepts: number[] = [];
  await Promise.all(
    perClient.map(async (mine, c) => {
      let next = 0;
      for (let sent = 0; sent < quota(c) && within(start, sizes.budget.throughput);) {
        const id = mine[next % mine.length]!;
        next += 1;
        if (busy.has(id)) await new Promise<void>((resolve) => idleWaiters.set(id, resolve));
        idleWaiters.delete(id);
        try {
          busy.set(id, 'pending');
          const sentAt = now();
          const accepted = await tenantry.updateTenant(id, `Load ${c}-${sent}`);
          accepts.push(now() - sentAt);
          busy.set(id, accepted.operationId);
          byOperation.set(accepted.operationId, id);
          sent += 1;
          issued += 1;
          // Its notification may have come before the reply.
          if (early.delete(accepted.operationId)) finish(accepted.operationId);
        } catch {
          busy.delete(id);
          refused += 1;
        }
      }
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`only ${notified}/${ops} updates notified in 300 s`)), 300_000);
  });
  await Promise.race([allNotified, timeout]).finally(() => clearTimeout(timer));
  const seconds = (now() - start) / 1000;
  const tenantryCores = coresBusy(cpuAtStart, machineCpu());
  const perUpdate = cpuPerOperation(byProcessAtStart, cpuByProcess(pids), notified);
  tenantry.hub.listeners.delete(onArrival);
  const tenantryOps = notified / seconds;
  const accept = summarize(accepts);

  const cpuBeforePgBoss = machineCpu();
  const pgBossOps = await sendAndWork(peers.pgBoss, ops, sizes.clients, 'pg-boss', ctx);
  const pgBossCores = coresBusy(cpuBeforePgBoss, machineCpu());
  const bullOps = peers.bullmq ? await sendAndWork(peers.bullmq, ops, sizes.clients, 'BullMQ', ctx) : NaN;
  const vsPgBoss = tenantryOps / pgBossOps;
  const vsBull = tenantryOps / bullOps;
  // Issue 19's requirement; the goal (≥ 3× pg-boss, ≥ 0.5× BullMQ) is in the target column.
  const ok = vsPgBoss >= 1.5;
  return {
    rows: [
      {
        measure: '3 throughput',
        metric: `${notified === ops ? ops : `${notified} (of ${ops}, ${sizes.budget.throughput} s cap)`} updates, ${tenants.length} tenants, ${sizes.clients} clients, until notified`,
        tenantry: `${round(tenantryOps, 0)} ops/s`,
        peers: `pg-boss (LISTEN/NOTIFY) ${round(pgBossOps, 0)} ops/s; ${peers.bullmq ? `BullMQ ${round(bullOps, 0)} ops/s` : `BullMQ skipped (${ctx.redisProblem})`}`,
        ratio: `${ratio(vsPgBoss)} pg-boss${peers.bullmq ? `, ${ratio(vsBull)} BullMQ` : ''}`,
        target: '≥ 1.5× pg-boss (goal ≥ 3× pg-boss and ≥ 0.5× BullMQ)',
        verdict: verdict(ok),
      },
    ],
    details: {
      ops,
      tenants: tenants.length,
      clients: sizes.clients,
      tenantry: {
        updates: notified,
        seconds: round(seconds),
        opsPerSecond: round(tenantryOps),
        refusedRequests: refused,
        acceptUnderLoad: accept,
        coresBusy: round(tenantryCores),
        cpuMsPerUpdate: perUpdate,
      },
      pgBossCoresBusy: round(pgBossCores),
      pgBossOpsPerSecond: round(pgBossOps),
      bullmqOpsPerSecond: round(bullOps),
    },
    notes: [
      `Throughput: each of the ${sizes.clients} clients waits for its update's Accepted before sending the next, so Tenantry's rate is about ${sizes.clients} ÷ the accept latency under this load: p50 ${accept.p50} ms, p99 ${accept.p99} ms (mean ${accept.mean} ms). The machine's cores were busy ${round(tenantryCores, 2)} of ${cpus().length} on average meanwhile (all processes), ${round(pgBossCores, 2)} during pg-boss's run. CPU per update, by process: ${describeCpu(perUpdate)}.`,
    ],
  };
}

async function sendAndWork(
  peer: Peer,
  ops: number,
  clients: number,
  label: string,
  ctx: BenchContext,
): Promise<number> {
  peer.worker.resetCounts();
  let sent = 0;
  const start = now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const quota = Math.floor(ops / clients) + (c < ops % clients ? 1 : 0);
      for (let i = 0; i < quota; i++) {
        await peer.send(`load-${c}-${i}`);
        sent += 1;
        ctx.progress.update(`3 throughput: ${label} sent`, sent, ops);
      }
    }),
  );
  ctx.progress.update(`3 throughput: ${label} waiting for the worker`);
  await peer.worker.completedAtLeast(ops, 300_000);
  const seconds = (now() - start) / 1000;
  peer.worker.resetCounts();
  return ops / seconds;
}
