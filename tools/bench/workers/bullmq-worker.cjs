'use strict';
/** BullMQ worker for the bench, in its own process, against the local redis-server. */
const { Worker } = require('bullmq');
const ipc = require('./ipc.cjs');

const env = process.env;
async function main() {
  const worker = new Worker(
    env.BENCH_QUEUE,
    async (job) => {
      ipc.started(job.data.k);
    },
    {
      connection: { host: env.BENCH_REDIS_HOST || '127.0.0.1', port: Number(env.BENCH_REDIS_PORT || 6379) },
      prefix: env.BENCH_PREFIX,
      concurrency: Number(env.BENCH_WORKERS || 4),
    },
  );
  worker.on('completed', () => ipc.finished(1));
  worker.on('error', (error) => process.stderr.write(`bullmq worker: ${error.message}\n`));
  await worker.waitUntilReady();
  ipc.onStop(() => worker.close(true));
  ipc.ready();
}

main().catch((error) => {
  process.stderr.write(`bullmq worker failed: ${error.stack}\n`);
  process.exit(1);
});
