'use strict';
/**
 * Measure 5 in its own process: the gateway's read-model rebuild (the function behind
 * `npm run rebuild:read-models`) over the bench's stream. Progress and the result go
 * to the parent over IPC.
 */
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..', '..');
const { rebuildReadModels } = require(join(ROOT, 'libs/read-model/dist/index.js'));
const { connect } = require('nats');

async function main() {
  const nats = await connect({ servers: process.env.NATS_URL, name: 'bench-rebuild' });
  const started = performance.now();
  try {
    const done = await rebuildReadModels({
      databaseUrl: process.env.DATABASE_URL,
      nats,
      prefix: process.env.NATS_PREFIX,
      batchSize: process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined,
      onProgress: (progress) => process.send({ progress }),
    });
    process.send({ done, seconds: (performance.now() - started) / 1000 });
  } finally {
    await nats.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`rebuild failed: ${error.stack}\n`);
    process.exit(1);
  },
);
