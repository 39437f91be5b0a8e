#!/usr/bin/env node
'use strict';
/**
 * `npm run migrate [-- --dry-run]`: applies every pending control-plane migration (event store, relay
 * checkpoints, idempotency keys, the gateway's state and read model) to DATABASE_URL,
 * printing each; idempotent. Exits 1 with the reason when one fails (its component's
 * pending migrations are rolled back together). Run it before starting a new version in
 * production: there, a service whose schema is behind refuses to start. In development
 * and tests the services migrate by themselves. `--dry-run` lists what is pending.
 * Configuration as for the services (DATABASE_URL, EVENT_STORE; NODE_ENV=production
 * checks the secrets as they do). In a container: node services/<service>/dist/migrate.js.
 */
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

function load(path) {
  try {
    return require(join(ROOT, path));
  } catch (error) {
    if (error.code === 'MODULE_NOT_FOUND') {
      console.error(`migrate: ${path} is missing; run \`npm run build\` first`);
      process.exit(2);
    }
    throw error;
  }
}

/** The database `env` configures and every control-plane migration set it should have. */
function controlPlaneOf(env) {
  const { loadConfig } = load('libs/config/dist/index.js');
  const { tenantCommandMigrations } = load('services/tenant-command/dist/control-plane-schema.js');
  const { gatewayMigrations } = load('services/gateway/dist/control-plane-schema.js');
  const config = loadConfig(env);
  // The provisioner needs only the event store's, which tenant-command's include.
  return {
    databaseUrl: config.DATABASE_URL,
    sets: [...tenantCommandMigrations(config.EVENT_STORE), ...gatewayMigrations],
  };
}

/** Applies every pending control-plane migration of the database `env` configures; resolves to the exit code. */
async function migrateControlPlane(env = process.env, output, args = []) {
  const { migrateCommand } = load('libs/postgres/dist/index.js');
  const { databaseUrl, sets } = controlPlaneOf(env);
  return migrateCommand(databaseUrl, sets, output, args);
}

module.exports = { migrateControlPlane };

if (require.main === module)
  void load('libs/postgres/dist/index.js').runMigrateCommand(() => controlPlaneOf(process.env));
