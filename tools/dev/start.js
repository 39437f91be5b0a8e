#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the whole of Tenantry on this machine. PostgreSQL from DATABASE_URL or
 * an embedded one (data in .tenantry/, kept between runs); NATS from NATS_URL, a server
 * on 127.0.0.1:4222, or `nats-server -js` from PATH. Then the control-plane migrations
 * (`npm run migrate`'s), then tenant-command, provisioner
 * and gateway as child processes with prefixed logs. A service that exits on its own is
 * restarted (with a growing pause) while the others go on. Ctrl-C (or SIGTERM) stops
 * everything, and `npm start` exits 0.
 */
const { join } = require('node:path');
const { paint, say } = require('./output');
const { startEmbeddedPostgres } = require('./postgres');
const { locateNats } = require('./nats');
const { SERVICES, launchService, ROOT } = require('./services');
const { supervise } = require('./supervisor');
const { migrateControlPlane } = require('../migrate');

const stateDir = process.env.TENANTRY_STATE_DIR || join(ROOT, '.tenantry');
const postgresPort = Number(process.env.TENANTRY_POSTGRES_PORT || 54329);
const stops = [];
let stopping = false;

async function main() {
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV || 'development' };
  if (!env.DATABASE_URL) {
    const postgres = await startEmbeddedPostgres({ stateDir, port: postgresPort });
    stops.unshift(postgres.stop);
    env.DATABASE_URL = postgres.url;
  } else {
    say('using DATABASE_URL');
  }
  const nats = await locateNats({ stateDir, env });
  stops.unshift(nats.stop);
  env.NATS_URL = nats.url;
  if (env.NATS_PREFIX === undefined && !process.env.DATABASE_URL) {
    // The embedded database gets its own stream and consumers, so a NATS server shared
    // with other runs (or kept after .tenantry/ was deleted) never feeds it foreign events.
    env.NATS_PREFIX = installationPrefix(stateDir);
    say(`NATS prefix ${env.NATS_PREFIX} (this embedded database's own stream)`);
  }

  // The control-plane schema first, once: `npm run migrate`'s step, printed here (each
  // service would migrate its own part too, outside production).
  const migrated = await migrateControlPlane(env, { out: say, err: (line) => say(paint('red', line)) });
  if (migrated !== 0) throw new Error('the control-plane migrations failed (see above)');

  let gatewayUrl;
  for (const service of SERVICES) {
    if (stopping) return;
    const supervised = supervise({
      name: service.name,
      launch: () => launchService(service, env),
      keepRunning: () => !stopping,
      say: sayAboutService,
    });
    stops.unshift(() => supervised.stop());
    const match = await supervised.ready;
    if (service.name === 'gateway') gatewayUrl = match[1];
  }
  if (!stopping) printWelcome(gatewayUrl);
}

/** `dev_<id>`, made once per state folder and kept in it. */
function installationPrefix(dir) {
  const { existsSync, readFileSync, writeFileSync, mkdirSync } = require('node:fs');
  const file = join(dir, 'nats-prefix');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const prefix = `dev_${require('node:crypto').randomBytes(4).toString('hex')}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${prefix}\n`);
  return prefix;
}

function printWelcome(url) {
  const { DEVELOPMENT_ROOT_ADMIN } = require(join(ROOT, 'libs', 'config', 'dist'));
  const email = process.env.ROOT_ADMIN_EMAIL || DEVELOPMENT_ROOT_ADMIN.email;
  const password = process.env.ROOT_ADMIN_EMAIL ? '(your ROOT_ADMIN_PASSWORD)' : DEVELOPMENT_ROOT_ADMIN.password;
  const lines = [
    '',
    `Tenantry is running. Console: ${paint('green', url.replace(/\/graphql$/, '/'))}`,
    `  GraphQL (and GraphiQL in development): ${url}`,
    `  WebSocket subscriptions: ${url.replace(/^http/, 'ws')} (graphql-transport-ws)`,
    `  REST: ${url.replace(/\/graphql$/, '/api/tenants')}   health: ${url.replace(/\/graphql$/, '/readyz')}`,
    `Root administrator: tenant "root", email ${email}, password ${password}`,
    `  mutation { login(tenant: "root", email: "${email}", password: "…") { token } }`,
    'Press Ctrl-C to stop.',
    '',
  ];
  for (const line of lines) say(line);
}

const sayAboutService = (text) => say(/unexpectedly/.test(text) ? paint('red', text) : text);

/** A stop asked for (Ctrl-C, SIGTERM) exits 0, however long the services take to end. */
async function shutdown() {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const stop of stops) await stop().catch((error) => say(`while stopping: ${error.message}`));
  process.exit(0);
}

process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());

main().catch(async (error) => {
  if (stopping) return;
  process.stderr.write(
    `\n${error.code === 'NATS_SERVER_MISSING' ? error.message : `npm start failed: ${error.message}`}\n\n`,
  );
  stopping = true;
  for (const stop of stops) await stop().catch(() => undefined);
  process.exit(1);
});
