// A relay in a process of its own, for crash tests: runs the BUILT packages (npm run build first).
// HANG_BEFORE_CHECKPOINT_OF_BATCH=n makes it stop, acknowledged but not checkpointed, at batch n,
// so the test can SIGKILL it exactly between publish and checkpoint.
const { postgresEventStore } = require('@tenantry/event-store');
const { EventRelay, connectNats, natsNames, tenantEventSubject } = require('@tenantry/messaging');

async function main() {
  const env = process.env;
  const names = natsNames(env.NATS_PREFIX);
  const store = postgresEventStore({ connectionString: env.DATABASE_URL, schema: env.EVENT_SCHEMA });
  const nc = await connectNats({ url: env.NATS_URL, name: 'relay-process' });
  const hangAt = Number(env.HANG_BEFORE_CHECKPOINT_OF_BATCH || 0);
  let batches = 0;
  const relay = new EventRelay({
    name: env.RELAY_NAME,
    store,
    database: { connectionString: env.DATABASE_URL },
    schema: env.EVENT_SCHEMA,
    js: nc.jetstream(),
    subjectFor: tenantEventSubject(names),
    batchSize: Number(env.BATCH_SIZE || 25),
    // Each acknowledged batch's checkpoint written at once: the crash spec counts what comes again.
    checkpointIntervalMs: 0,
    leadershipRetryMs: 200,
    hooks: {
      async beforeCheckpoint() {
        if (++batches !== hangAt) return;
        console.log(`acknowledged batch ${batches}; hanging before its checkpoint`);
        await new Promise(() => {});
      },
    },
    onStatus: (s) => console.log(`relay ${s.role} published=${s.published} duplicates=${s.duplicates}`),
  });
  await relay.start();
  process.on('SIGTERM', () =>
    relay
      .stop()
      .then(() => nc.close())
      .then(() => store.close())
      .then(() => process.exit(0)),
  );
}

main().catch((error) => {
  console.error('relay process failed', error);
  process.exit(1);
});
