'use strict';
/**
 * pg-boss worker for the bench, in its own process as a production worker would be.
 * BENCH_WAKE=notify: pg-boss 12's LISTEN/NOTIFY (`useListenNotify`; the queue was created
 * with `notify: true`), polling every 0.5 s as its floor. BENCH_WAKE=poll: polling only,
 * at pg-boss's smallest interval (0.5 s). pg-boss is ESM only: Node ≥ 22.12 requires it.
 */
const { PgBoss } = require('pg-boss');
const ipc = require('./ipc.cjs');

const env = process.env;
const url = env.BENCH_PG_URL;
const schema = env.BENCH_SCHEMA;
const queue = env.BENCH_QUEUE;
const wake = env.BENCH_WAKE || 'notify';
const workers = Number(env.BENCH_WORKERS || 4);
const batchSize = Number(env.BENCH_BATCH || 1);

async function main() {
  const boss = new PgBoss({
    connectionString: url,
    schema,
    schedule: false,
    max: workers + 2,
    useListenNotify: wake === 'notify',
  });
  boss.on('error', (error) => process.stderr.write(`pg-boss worker: ${error.message}\n`));
  boss.on('warning', (warning) => process.stderr.write(`pg-boss worker warning: ${warning.message}\n`));
  await boss.start();
  const ids = [];
  for (let i = 0; i < workers; i++) {
    ids.push(
      await boss.work(
        queue,
        { batchSize, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 },
        async (jobs) => {
          for (const job of jobs) ipc.started(job.data.k);
          ipc.finished(jobs.length);
        },
      ),
    );
  }
  ipc.onStop(async () => {
    await boss.stop({ graceful: false });
  });
  ipc.ready({ workers: ids.length });
}

main().catch((error) => {
  process.stderr.write(`pg-boss worker failed: ${error.stack}\n`);
  process.exit(1);
});
