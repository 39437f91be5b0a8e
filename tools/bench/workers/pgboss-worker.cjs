'use strict';
/**
 * pg-boss worker for the bench, in its own process as a production worker would be.
 * BENCH_WAKE=notify: a LISTEN connection wakes the workers (boss.notifyWorker) on the
 * NOTIFY that a statement trigger on the job table sends at commit: what pg-boss 12's
 * `useListenNotify` + queue `notify: true` does, rebuilt on 10.x (the newest pg-boss that
 * supports Node 20, which has no LISTEN/NOTIFY of its own). BENCH_WAKE=poll: polling
 * only, at pg-boss's smallest interval (0.5 s).
 */
const PgBoss = require('pg-boss');
const { Client } = require('pg');
const ipc = require('./ipc.cjs');

const env = process.env;
const url = env.BENCH_PG_URL;
const schema = env.BENCH_SCHEMA;
const queue = env.BENCH_QUEUE;
const wake = env.BENCH_WAKE || 'notify';
const workers = Number(env.BENCH_WORKERS || 4);
const batchSize = Number(env.BENCH_BATCH || 1);

async function main() {
  const boss = new PgBoss({ connectionString: url, schema, schedule: false, max: workers + 2 });
  boss.on('error', (error) => process.stderr.write(`pg-boss worker: ${error.message}\n`));
  await boss.start();
  const ids = [];
  for (let i = 0; i < workers; i++) {
    ids.push(
      await boss.work(queue, { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        for (const job of jobs) ipc.started(job.data.k);
        ipc.finished(jobs.length);
      }),
    );
  }
  let listener;
  if (wake === 'notify') {
    listener = new Client({ connectionString: url });
    await listener.connect();
    listener.on('notification', () => {
      for (const id of ids) boss.notifyWorker(id);
    });
    await listener.query(`LISTEN ${schema}_jobs`);
  }
  ipc.onStop(async () => {
    await listener?.end();
    await boss.stop({ graceful: false, wait: false });
  });
  ipc.ready({ workers: ids.length });
}

main().catch((error) => {
  process.stderr.write(`pg-boss worker failed: ${error.stack}\n`);
  process.exit(1);
});
