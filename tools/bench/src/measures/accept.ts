import { hashPassword } from '@tenantry/auth';
import { BenchContext, MeasureResult, p5099, ratio, verdict, ms, within } from '../context';
import { now, summarize, Summary } from '../stats';
import { ADMIN_PASSWORD } from '../tenantry';
import { PgBossPeer } from '../peers/pgboss';
import { rawClient } from './raw-floor';
import { describeAcceptPath, measureAcceptPath } from './accept-path';

/** Tenantry's creates, then its updates, alternate with pg-boss's sends in this many blocks. */
const ACCEPT_BLOCKS = 5;
/**
 * Requests of each kind sent and not timed before its loop, Tenantry's and pg-boss's (measure 7
 * warms up likewise): the first ones of a path pay for compiling it and for preparing its
 * statements on each pooled connection.
 */
const WARM_UP = { creates: 20, updates: 50, sends: 50 };

/**
 * 1. Accept latency, sequential requests: createTenant and updateTenant through the
 * gateway until `Accepted` (durable: the events are committed), against pg-boss
 * send() and one raw autocommitted INSERT. argon2id (the create's password hash) is
 * timed apart with the same function tenant-command uses.
 */
export async function measureAccept(ctx: BenchContext, pgBoss: PgBossPeer): Promise<MeasureResult> {
  const { tenantry, sizes, progress } = ctx;
  const n = sizes.acceptRequests;

  const turns = { ctx, pgBoss, block: Math.ceil(n / ACCEPT_BLOCKS) };
  const warmUp = {
    creates: Math.min(WARM_UP.creates, n),
    updates: Math.min(WARM_UP.updates, n),
    sends: Math.min(WARM_UP.sends, n),
  };
  await warmUpCreates(turns, warmUp.creates, warmUp.sends);
  const { creates, sendsBesideCreates } = await createsInTurns(turns, n);

  const argon2: number[] = [];
  for (let i = 0; i < Math.min(n, 100); i++) {
    const start = now();
    await hashPassword(ADMIN_PASSWORD);
    argon2.push(now() - start);
    progress.update('1 accept: argon2id alone', i + 1, Math.min(n, 100));
  }

  const pool = ctx.activeTenants.slice(0, Math.max(1, Math.min(100, ctx.activeTenants.length)));
  const { updates, sendsBesideUpdates } = await updatesInTurns(turns, n, pool, warmUp.updates);

  // Read after accept: an update, then at once a read of the tenant, which waits (bounded)
  // until the read model shows the accepted version. Apart from the loop above, so the
  // accept figures stay comparable with earlier runs.
  const readsAfterAccept: number[] = [];
  let staleReads = 0;
  const reads = Math.min(n, 200);
  for (let i = 0; i < reads; i++) {
    const id = pool[i % pool.length]!;
    const accepted = await tenantry.updateTenant(id, `Read ${i}`);
    const start = now();
    const shown = await tenantry.tenant(id);
    readsAfterAccept.push(now() - start);
    if (shown.version < accepted.version) staleReads++;
    await tenantry.hub.next(accepted.operationId, 60_000);
    progress.update('1 accept: read right after updateTenant', i + 1, reads);
  }

  const path = await measureAcceptPath(ctx, pool);

  const raw = await rawClient(ctx.peersDatabase.url);
  const inserts: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const start = now();
      await raw.query('insert into bench_raw_jobs (data) values ($1)', [{ k: `accept-${i}` }]);
      inserts.push(now() - start);
      progress.update('1 accept: raw INSERT+COMMIT', i + 1, n);
    }
  } finally {
    await raw.end();
  }

  const s = {
    update: summarize(updates),
    create: summarize(creates),
    argon2: summarize(argon2),
    pgBossSend: summarize(sendsBesideUpdates),
    pgBossSendBesideCreates: summarize(sendsBesideCreates),
    rawInsert: summarize(inserts),
    readAfterAccept: summarize(readsAfterAccept),
  };
  const createWithoutArgon2: Summary = {
    ...s.create,
    p50: s.create.p50 - s.argon2.p50,
    p99: s.create.p99 - s.argon2.p50,
  };
  const peers = `pg-boss send() ${p5099(s.pgBossSend)} (its turns beside the updates); raw INSERT ${p5099(s.rawInsert)}`;
  return {
    rows: [
      {
        measure: '1 accept',
        metric: 'updateTenant → Accepted, p50 / p99',
        tenantry: p5099(s.update),
        peers,
        ratio: `p99 ${ratio(s.update.p99 / s.pgBossSend.p99)} pg-boss, ${ratio(s.update.p99 / s.rawInsert.p99)} raw`,
        target: 'p99 ≤ 1.5× pg-boss send() p99 (goal ≤ 1×)',
        verdict: verdict(s.update.p99 <= 1.5 * s.pgBossSend.p99),
      },
      {
        measure: '1 accept',
        metric: 'createTenant → Accepted, p50 / p99 (argon2id excluded)',
        tenantry: `${p5099(createWithoutArgon2)} (with argon2id ${p5099(s.create)}; argon2id alone ${p5099(s.argon2)})`,
        peers: `pg-boss send() ${p5099(s.pgBossSendBesideCreates)} (its turns beside the creates); raw INSERT ${p5099(s.rawInsert)}`,
        ratio: `p99 ${ratio(createWithoutArgon2.p99 / s.pgBossSendBesideCreates.p99)} pg-boss`,
        target: 'p99 − argon2 ≤ 2× pg-boss send() p99 (goal ≤ 1×)',
        verdict: verdict(createWithoutArgon2.p99 <= 2 * s.pgBossSendBesideCreates.p99),
      },
      {
        measure: '1 accept',
        metric: 'tenant(id) read right after updateTenant → Accepted, p50 / p99',
        tenantry: p5099(s.readAfterAccept),
        peers: `updateTenant accept ${p5099(s.update)}`,
        ratio: `${staleReads} of ${s.readAfterAccept.n} reads older than accepted`,
        target: 'no read older than the accepted version',
        verdict: verdict(staleReads === 0),
      },
    ],
    details: {
      requested: n,
      staleReads,
      ...s,
      acceptPath: path,
      createWithoutArgon2: {
        p50: createWithoutArgon2.p50,
        p99: createWithoutArgon2.p99,
        method: 'create p50/p99 minus argon2id p50',
      },
    },
    notes: [
      `Accept: ${s.update.n} updateTenant and ${s.create.n} createTenant sequential requests (of ${n}; time caps ${sizes.budget.updates} s and ${sizes.budget.creates} s), ${n} raw INSERTs; the creates and the updates each took turns with ${n} pg-boss sends in ${ACCEPT_BLOCKS} blocks, each drained before the next (tenants ACTIVE, jobs notified, or worked), so that both met the same machine, and each is compared with the sends of its own turns; each loop followed ${warmUp.creates} creates, ${warmUp.updates} updates or ${warmUp.sends} sends not timed (the first ones of a path pay for compiling it and preparing its statements).`,
      `createTenant is measured while the tenants created before it provision in the background, as in production; updateTenant while earlier updates run their jobs.`,
      `Read after accept: ${s.readAfterAccept.n} updateTenant each followed at once by tenant(id) on the same keep-alive connection; the read waits, bounded, until the read model shows the accepted version (read your writes), so its latency includes the projector's catching up.`,
      describeAcceptPath(path),
      `createTenant hashes the admin password with argon2id (${ms(s.argon2.p50)} p50 alone, same function as tenant-command) before appending; "argon2id excluded" subtracts the argon2id p50.`,
    ],
  };
}

/** What measure 1's loops share: the bench, pg-boss, and how many requests a turn holds. */
interface Turns {
  ctx: BenchContext;
  pgBoss: PgBossPeer;
  block: number;
}

/** pg-boss's turn: `count` sends (their latencies into `into`), then until its worker has done them. */
async function sendTurn({ ctx, pgBoss }: Turns, label: string, count: number, into: number[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const start = now();
    await pgBoss.send(`accept-${label}-${i}`);
    into.push(now() - start);
    ctx.progress.update(`1 accept: pg-boss send() (${label})`, i + 1, count);
  }
  await pgBoss.worker.completedAtLeast(count, 60_000);
  pgBoss.worker.resetCounts();
}

/** Creates and sends not timed: the first of each path pay for compiling it and preparing its statements. */
async function warmUpCreates(turns: Turns, creates: number, sends: number): Promise<void> {
  const { tenantry, progress } = turns.ctx;
  progress.update('1 accept: warming up');
  const operations: string[] = [];
  for (let i = 0; i < creates; i++) operations.push((await tenantry.createTenant(`warm-${i}`)).operationId);
  for (const operationId of operations) await tenantry.hub.next(operationId, 300_000);
  await sendTurn(turns, 'warm-up', sends, []);
}

/**
 * createTenant, each also starting a SHARED provisioning in the background, as in production,
 * in turns with pg-boss's sends: a block of creates ends when its tenants are ACTIVE. Sets
 * `ctx.activeTenants`.
 */
async function createsInTurns(turns: Turns, n: number): Promise<{ creates: number[]; sendsBesideCreates: number[] }> {
  const { ctx, block } = turns;
  const { tenantry, sizes, progress } = ctx;
  const creates: number[] = [];
  const sendsBesideCreates: number[] = [];
  const createOps: { id: string; operationId: string }[] = [];
  const createsFrom = now();
  for (let first = 0; first < n; first += block) {
    const ofBlock = createOps.length;
    // At least the tenants that the throughput measure needs, whatever the time cap.
    for (
      let i = first;
      i < Math.min(n, first + block) && (i < sizes.throughputTenants || within(createsFrom, sizes.budget.creates));
      i++
    ) {
      const id = `acc-${i}`;
      const start = now();
      const accepted = await tenantry.createTenant(id);
      creates.push(now() - start);
      createOps.push({ id, operationId: accepted.operationId });
      progress.update('1 accept: createTenant', i + 1, n);
    }
    for (const [index, { id, operationId }] of createOps.entries()) {
      if (index < ofBlock) continue;
      const arrival = await tenantry.hub.next(operationId, 300_000);
      if (arrival.type !== 'TENANT_CREATED') throw new Error(`tenant ${id} failed: ${arrival.type}`);
      progress.update('1 accept: tenants ACTIVE', index + 1, n);
    }
    await sendTurn(turns, `create-${first}`, Math.min(block, n - first), sendsBesideCreates);
  }
  ctx.activeTenants = createOps.map((c) => c.id);
  return { creates, sendsBesideCreates };
}

/**
 * updateTenant round-robin over `pool`, after `warmUp` updates not timed; a tenant is updated
 * again only after its last update is done. In turns with pg-boss's sends, each drained before
 * the next (the updates' jobs notified, the jobs worked).
 */
async function updatesInTurns(
  turns: Turns,
  n: number,
  pool: readonly string[],
  warmUp: number,
): Promise<{ updates: number[]; sendsBesideUpdates: number[] }> {
  const { ctx, block } = turns;
  const { tenantry, sizes, progress } = ctx;
  for (let i = 0; i < warmUp; i++) {
    const accepted = await tenantry.updateTenant(pool[i % pool.length]!, `Warm ${i}`);
    await tenantry.hub.next(accepted.operationId, 60_000);
  }
  const updates: number[] = [];
  const sendsBesideUpdates: number[] = [];
  const pending = new Map<string, string>();
  const updatesFrom = now();
  for (let from = 0; from < n; from += block) {
    for (let i = from; i < Math.min(n, from + block) && within(updatesFrom, sizes.budget.updates); i++) {
      const id = pool[i % pool.length]!;
      const previous = pending.get(id);
      if (previous) await tenantry.hub.next(previous, 60_000);
      const start = now();
      const accepted = await tenantry.updateTenant(id, `Accept ${i}`);
      updates.push(now() - start);
      pending.set(id, accepted.operationId);
      progress.update('1 accept: updateTenant', i + 1, n);
    }
    for (const operationId of pending.values()) await tenantry.hub.next(operationId, 60_000);
    pending.clear();
    await sendTurn(turns, `update-${from}`, Math.min(block, n - from), sendsBesideUpdates);
  }
  return { updates, sendsBesideUpdates };
}
