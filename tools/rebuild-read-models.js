#!/usr/bin/env node
'use strict';
/**
 * `npm run rebuild:read-models`: drops the gateway's read-model tables (PostgreSQL schema
 * `read_model` in DATABASE_URL), creates them again, deletes the projector's durable
 * consumer and replays the whole TENANT_EVENTS stream into them, printing progress.
 *
 * Run it while every gateway is stopped: it refuses when a projector holds the lock.
 * Notifications come back with the same content but new cursors, so a client resuming
 * with a cursor from before the rebuild may receive some notifications again or miss some.
 * Configuration as for the gateway: DATABASE_URL, NATS_URL, NATS_PREFIX, and the gateway's NATS
 * credentials (NATS_USER/NATS_PASSWORD or NATS_CREDS, NATS_TLS_*): the rebuild is the projector's work.
 */
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

function load(path) {
  try {
    return require(join(ROOT, path));
  } catch (error) {
    if (error.code === 'MODULE_NOT_FOUND') {
      console.error(`rebuild-read-models: ${path} is missing; run \`npm run build\` first`);
      process.exit(2);
    }
    throw error;
  }
}

async function main() {
  const { loadConfig } = load('libs/config/dist/index.js');
  const { connectNats, natsAccess, natsNames } = load('libs/messaging/dist/index.js');
  const { rebuildReadModels, eventStoreLoader } = load('libs/read-model/dist/index.js');
  const config = loadConfig();
  const nats = await connectNats({
    ...natsAccess(config),
    name: 'rebuild-read-models',
    maxReconnectAttempts: 0,
    inboxPrefix: natsNames(config.NATS_PREFIX).inboxPrefix('gateway'),
  });
  const logger = {
    info: (fields, message) => console.log(`  ${message}`, fields),
    warn: (fields, message) => console.warn(`  warning: ${message}`, fields),
    error: (fields, message) => console.error(`  error: ${message}`, fields),
  };
  const prefix = config.NATS_PREFIX ? ` (NATS prefix ${config.NATS_PREFIX})` : '';
  console.log(`Rebuilding the read models${prefix}…`);
  let shown = 0;
  // Fills a tenant's revision gap (an event published after a later one) from the event store, as the projector does.
  const eventStore = eventStoreLoader({
    kind: config.EVENT_STORE,
    postgresUrl: config.DATABASE_URL,
    kurrentdbUrl: config.KURRENTDB_URL,
  });
  try {
    const done = await rebuildReadModels({
      databaseUrl: config.DATABASE_URL,
      nats,
      prefix: config.NATS_PREFIX,
      logger,
      loadTenantEvents: eventStore.load,
      onProgress(progress) {
        // At most about twenty lines, plus the last one.
        if (progress.processed < progress.total && progress.processed - shown < progress.total / 20) return;
        shown = progress.processed;
        console.log(line(progress));
      },
    });
    console.log(`Done: ${line(done).trim()}`);
  } finally {
    await eventStore.close();
    await nats.close();
  }
}

const line = (p) => `  ${p.processed} / ${p.total} events (${p.applied} applied), ${p.eventsPerSecond} events/s`;

main().catch((error) => {
  console.error(`rebuild-read-models failed: ${error.message}`);
  process.exit(1);
});
