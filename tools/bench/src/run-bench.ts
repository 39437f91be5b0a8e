import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testNats } from '@tenantry/testing';
import { connect } from 'nats';
import { Client } from 'pg';
import { BenchContext, FULL, MeasureResult, Sizes, SMOKE } from './context';
import { measureAccept } from './measures/accept';
import { measureNotify } from './measures/notify';
import { measurePages } from './measures/pages';
import { measureProvisioning } from './measures/provisioning';
import { measureRebuild } from './measures/rebuild';
import { measureSubscribers } from './measures/subscribers';
import { measureThroughput } from './measures/throughput';
import { BullMqPeer } from './peers/bullmq';
import { PgBossPeer } from './peers/pgboss';
import { ensureRedis } from './peers/redis';
import { Progress } from './progress';
import { BenchReport, machine, merge, writeReport } from './report';
import { Tenantry } from './tenantry';

export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');
export const RESULTS_DIR = join(REPOSITORY_ROOT, 'tools', 'bench', 'results');

export interface BenchOptions {
  smoke?: boolean;
  /** Measures to run (1–7); all by default. Measure 1 always runs its creates: later measures need ACTIVE tenants. */
  only?: number[];
  sizes?: Partial<Sizes>;
  /** Where <date>.json and <date>.md go (tools/bench/results; a temporary folder for smoke runs); nothing is written when null. */
  resultsDir?: string | null;
  quiet?: boolean;
}

export interface BenchOutcome {
  report: BenchReport;
  files?: { json: string; markdown: string };
}

/** Runs the measures in one go on this machine and returns (and writes) the report. */
export async function runBench(options: BenchOptions = {}): Promise<BenchOutcome> {
  const smoke = options.smoke ?? false;
  const sizes: Sizes = { ...(smoke ? SMOKE : FULL), ...options.sizes };
  const wanted = new Set(options.only ?? [1, 2, 3, 4, 5, 6, 7]);
  const progress = new Progress(options.quiet);
  const started = Date.now();
  const collected = {
    rows: [] as BenchReport['rows'],
    notes: [] as string[],
    details: { sizes } as Record<string, unknown>,
  };
  const failures: Record<string, string> = {};

  const run = async (key: string, work: () => Promise<MeasureResult>) => {
    try {
      merge(collected, key, await work());
      progress.note(`[bench] ${key} done`);
    } catch (error) {
      failures[key] = error instanceof Error ? error.message : String(error);
      progress.note(`[bench] ${key} FAILED: ${failures[key]}`);
    }
  };

  progress.update('starting: redis for BullMQ');
  const redisProblem = await ensureRedis((line) => progress.note(`[bench] ${line}`));
  if (redisProblem) progress.note(`[bench] BullMQ will be skipped: ${redisProblem}`);
  const peersDatabase = await createTestDatabase('bench_peers');
  const versions = await versionsOf(peersDatabase.url);
  let tenantry: Tenantry | undefined;
  const peers: { pgBoss?: PgBossPeer; pgBossPoll?: PgBossPeer; bullmq?: BullMqPeer } = {};
  try {
    if ([1, 2, 3, 4, 6].some((m) => wanted.has(m))) {
      progress.update('starting: Tenantry (tenant-command, provisioner, gateway)');
      tenantry = await Tenantry.start();
      progress.update('starting: pg-boss and BullMQ workers');
      peers.pgBoss = await PgBossPeer.start({
        databaseUrl: peersDatabase.url,
        wake: 'notify',
        workers: sizes.peerWorkers,
        batchSize: sizes.pgBossBatch,
      });
      if (!redisProblem)
        peers.bullmq = await BullMqPeer.start({ workers: sizes.peerWorkers, prefix: `bench_${Date.now()}` });
      const ctx: BenchContext = { sizes, smoke, progress, tenantry, peersDatabase, redisProblem, activeTenants: [] };

      await run('1 accept', () => measureAccept(ctx, peers.pgBoss!));
      if (ctx.activeTenants.length === 0) throw new Error('measure 1 created no ACTIVE tenant; the others need them');
      if (wanted.has(2)) {
        peers.pgBossPoll = await PgBossPeer.start({
          databaseUrl: peersDatabase.url,
          wake: 'poll',
          workers: 1,
          batchSize: 1,
        });
        await run('2 notify', () =>
          measureNotify(ctx, { pgBoss: peers.pgBoss!, pgBossPoll: peers.pgBossPoll, bullmq: peers.bullmq }),
        );
        await peers.pgBossPoll.stop();
        peers.pgBossPoll = undefined;
      }
      if (wanted.has(3))
        await run('3 throughput', () => measureThroughput(ctx, { pgBoss: peers.pgBoss!, bullmq: peers.bullmq }));
      await peers.pgBoss.stop();
      peers.pgBoss = undefined;
      await peers.bullmq?.stop();
      peers.bullmq = undefined;
      if (wanted.has(6)) await run('6 subscribers', () => measureSubscribers(ctx));
      // Last on this installation: a SHARED backlog cut by the time cap stops with it.
      if (wanted.has(4)) await run('4 provisioning', () => measureProvisioning(ctx));
      progress.update('stopping Tenantry');
      await tenantry.dispose();
      tenantry = undefined;
    }
    if (wanted.has(5)) await run('5 rebuild', () => measureRebuild({ sizes, smoke, progress } as BenchContext));
    // An installation of its own: 100,000 tenants would change what the others measure.
    if (wanted.has(7)) await run('7 pages', () => measurePages({ sizes, smoke, progress }));
  } finally {
    await Promise.allSettled([peers.pgBoss?.stop(), peers.pgBossPoll?.stop(), peers.bullmq?.stop()]);
    await tenantry?.dispose().catch(() => undefined);
    await peersDatabase.drop().catch(() => undefined);
  }

  const order = (row: { measure: string }) => Number(row.measure[0]);
  collected.rows.sort((a, b) => order(a) - order(b));
  const report: BenchReport = {
    date: new Date().toISOString(),
    smoke,
    seconds: (Date.now() - started) / 1000,
    machine: machine(),
    versions,
    rows: collected.rows,
    notes: collected.notes,
    details: collected.details,
    failures,
  };
  const directory =
    options.resultsDir === undefined ? (smoke ? join(tmpdir(), 'tenantry-bench') : RESULTS_DIR) : options.resultsDir;
  const files = directory === null ? undefined : writeReport(report, directory);
  return { report, files };
}

const packageVersion = (name: string): string => {
  try {
    return (
      JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return '?';
  }
};

async function versionsOf(databaseUrl: string): Promise<Record<string, string>> {
  const versions: Record<string, string> = { 'pg-boss': packageVersion('pg-boss'), bullmq: packageVersion('bullmq') };
  const client = new Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    versions.PostgreSQL = (
      await client.query<{ server_version: string }>('show server_version')
    ).rows[0]!.server_version.split(' ')[0]!;
  } catch {
    versions.PostgreSQL = '?';
  } finally {
    await client.end().catch(() => undefined);
  }
  try {
    const nats = await connect({ servers: (await testNats()).url });
    versions['nats-server'] = nats.info?.version ?? '?';
    await nats.close();
  } catch {
    versions['nats-server'] = '?';
  }
  return versions;
}
