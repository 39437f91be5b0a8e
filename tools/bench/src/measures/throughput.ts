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

/** Tenantry and pg-boss take turns in this many rounds, each an equal share of the operations, so that both meet the same machine. */
const ROUNDS = 4;

/**
 * 3. Pipeline throughput: `ops` updates over `tenants` tenants from `clients`
 * concurrent clients, until every update is notified (TENANT_UPDATED on the socket).
 * Each client owns a share of the tenants and updates only a tenant whose last update
 * is done (the domain refuses an update of a tenant in UPDATING). Peers: the same
 * number of clients sending, a worker process working, until every job completed.
 * Tenantry and pg-boss alternate in rounds (each round drained before the next), so a
 * shared machine whose speed drifts within minutes slows both alike; BullMQ runs after.
 */
export async function measureThroughput(
  ctx: BenchContext,
  peers: { pgBoss: Peer; bullmq?: Peer },
): Promise<MeasureResult> {
  const { sizes } = ctx;
  const ops = sizes.throughputOps;
  const tenants = ctx.activeTenants.slice(0, sizes.throughputTenants);
  if (tenants.length < sizes.throughputTenants)
    throw new Error(`need ${sizes.throughputTenants} ACTIVE tenants, have ${tenants.length}`);

  const pids = ctx.tenantry.servicePids;
  const tenantry = { notified: 0, refused: 0, seconds: 0, accepts: [] as number[], cpu: new CoreTime() };
  const pgBoss = { ops: 0, seconds: 0, cpu: new CoreTime() };
  const byRound: { tenantry: number; pgBoss: number; ratio: string }[] = [];
  let byProcess: Record<string, number> = {};
  for (let turn = 0; turn < ROUNDS; turn++) {
    const share = Math.floor(ops / ROUNDS) + (turn < ops % ROUNDS ? 1 : 0);
    const fromProcesses = cpuByProcess(pids);
    const updates = await tenantry.cpu.during(() => updateUntilNotified(ctx, tenants, share, tenantry.notified));
    byProcess = addedCpu(byProcess, fromProcesses, cpuByProcess(pids));
    tenantry.notified += updates.notified;
    tenantry.refused += updates.refused;
    tenantry.seconds += updates.seconds;
    tenantry.accepts.push(...updates.accepts);
    const seconds = await pgBoss.cpu.during(() => sendAndWork(peers.pgBoss, share, sizes.clients, 'pg-boss', ctx));
    pgBoss.ops += share;
    pgBoss.seconds += seconds;
    const rates = { tenantry: updates.notified / updates.seconds, pgBoss: share / seconds };
    byRound.push({
      tenantry: round(rates.tenantry),
      pgBoss: round(rates.pgBoss),
      ratio: ratio(rates.tenantry / rates.pgBoss),
    });
  }
  const perUpdate = cpuPerOperation({}, byProcess, tenantry.notified);
  const tenantryOps = tenantry.notified / tenantry.seconds;
  const pgBossOps = pgBoss.ops / pgBoss.seconds;
  const accept = summarize(tenantry.accepts);
  const bullOps = peers.bullmq ? ops / (await sendAndWork(peers.bullmq, ops, sizes.clients, 'BullMQ', ctx)) : NaN;
  const vsPgBoss = tenantryOps / pgBossOps;
  const vsBull = tenantryOps / bullOps;
  // Issue 19's requirement; the goal (≥ 3× pg-boss, ≥ 0.5× BullMQ) is in the target column.
  const ok = vsPgBoss >= 1.5;
  return {
    rows: [
      {
        measure: '3 throughput',
        metric: `${tenantry.notified === ops ? ops : `${tenantry.notified} (of ${ops}, ${sizes.budget.throughput} s cap)`} updates, ${tenants.length} tenants, ${sizes.clients} clients, until notified`,
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
      rounds: byRound,
      tenantry: {
        updates: tenantry.notified,
        seconds: round(tenantry.seconds),
        opsPerSecond: round(tenantryOps),
        refusedRequests: tenantry.refused,
        acceptUnderLoad: accept,
        coresBusy: round(tenantry.cpu.coresBusy),
        cpuMsPerUpdate: perUpdate,
      },
      pgBossCoresBusy: round(pgBoss.cpu.coresBusy),
      pgBossOpsPerSecond: round(pgBossOps),
      bullmqOpsPerSecond: round(bullOps),
    },
    notes: [
      `Throughput: Tenantry and pg-boss took turns, ${ROUNDS} rounds of ${Math.round(ops / ROUNDS)} operations each, every round drained before the next (ratio by round: ${byRound.map((r) => r.ratio).join(', ')}); the rates are over all rounds. Each of the ${sizes.clients} clients waits for its update's Accepted before sending the next, so Tenantry's rate is about ${sizes.clients} ÷ the accept latency under this load: p50 ${accept.p50} ms, p99 ${accept.p99} ms (mean ${accept.mean} ms). The machine's cores were busy ${round(tenantry.cpu.coresBusy, 2)} of ${cpus().length} on average meanwhile (all processes), ${round(pgBoss.cpu.coresBusy, 2)} during pg-boss's turns. CPU per update, by process: ${describeCpu(perUpdate)}.`,
    ],
  };
}

/** One round of Tenantry's part: `ops` updates from the clients, until each is notified (`notifiedBefore`: in earlier rounds). */
async function updateUntilNotified(
  ctx: BenchContext,
  tenants: string[],
  ops: number,
  notifiedBefore: number,
): Promise<{ notified: number; refused: number; seconds: number; accepts: number[] }> {
  const { tenantry, sizes, progress } = ctx;
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
    progress.update('3 throughput: Tenantry updates notified', notifiedBefore + notified, sizes.throughputOps);
    idleWaiters.get(tenant)?.();
  };
  const onArrival = (arrival: Arrival) => {
    if (arrival.type !== 'TENANT_UPDATED' && arrival.type !== 'TENANT_UPDATE_FAILED') return;
    if (byOperation.has(arrival.operationId)) finish(arrival.operationId);
    else early.add(arrival.operationId);
  };
  tenantry.hub.listeners.add(onArrival);
  const budget = sizes.budget.throughput / ROUNDS;
  const perClient = Array.from({ length: sizes.clients }, (_, c) => tenants.filter((_, i) => i % sizes.clients === c));
  const quota = (c: number) => Math.floor(ops / sizes.clients) + (c < ops % sizes.clients ? 1 : 0);
  const allNotified = new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (notified >= ops || (!within(start, budget) && notified >= issued)) {
        clearInterval(check);
        resolve();
      }
    }, 5);
  });

  const start = now();
  let issued = 0;
  /** Each update's request → Accepted under this load: each client waits for it before its next. */
  const accepts: number[] = [];
  await Promise.all(
    perClient.map(async (mine, c) => {
      let next = 0;
      for (let sent = 0; sent < quota(c) && within(start, budget);) {
        const id = mine[next % mine.length]!;
        next += 1;
        if (busy.has(id)) await new Promise<void>((resolve) => idleWaiters.set(id, resolve));
        idleWaiters.delete(id);
        try {
          busy.set(id, 'pending');
          const sentAt = now();
          const accepted = await tenantry.updateTenant(id, `Load ${c}-${notifiedBefore}-${sent}`);
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
  tenantry.hub.listeners.delete(onArrival);
  return { notified, refused, seconds: (now() - start) / 1000, accepts };
}

/** The machine's busy and total CPU ticks, summed over the spans it was told of. */
class CoreTime {
  private busy = 0;
  private total = 0;

  async during<T>(work: () => Promise<T>): Promise<T> {
    const from = machineCpu();
    const result = await work();
    const to = machineCpu();
    if (from && to) {
      this.busy += to.busy - from.busy;
      this.total += to.total - from.total;
    }
    return result;
  }

  get coresBusy(): number {
    return coresBusy({ busy: 0, total: 0 }, { busy: this.busy, total: this.total });
  }
}

/** `sum` plus what each process used between `from` and `to`. */
const addedCpu = (sum: Record<string, number>, from: Record<string, number>, to: Record<string, number>) =>
  Object.fromEntries(Object.keys(from).map((name) => [name, (sum[name] ?? 0) + to[name]! - from[name]!]));

/** `ops` jobs sent by the clients, until the peer's worker has completed them: the seconds it took. */
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
  peer.worker.resetCounts();
  return (now() - start) / 1000;
}
