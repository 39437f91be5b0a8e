'use strict';
const { spawnSync, spawn } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { answers, freePort, waitUntilAnswers } = require('./ports');
const { prefixLines, say } = require('./output');

const INSTALL_HELP = [
  'nats-server was not found on PATH, and no NATS server answers on 127.0.0.1:4222.',
  'Install it, or point NATS_URL at a server started with JetStream (-js):',
  '  Debian/Ubuntu:  sudo apt-get install nats-server',
  '  macOS:          brew install nats-server',
  '  Other systems:  download a release from https://nats.io/download/ (or: go install github.com/nats-io/nats-server/v2@latest)',
  'Then run `npm start` again.',
].join('\n');

const onPath = (command) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * NATS for development: NATS_URL when set; else a server already on 127.0.0.1:4222;
 * else `nats-server -js` from PATH on a free port, its store under `<stateDir>/nats`.
 */
async function locateNats({ stateDir, env }) {
  if (env.NATS_URL) return { url: env.NATS_URL, stop: async () => undefined };
  if (await answers('127.0.0.1', 4222)) {
    say('using the NATS server already running on 127.0.0.1:4222');
    return { url: 'nats://127.0.0.1:4222', stop: async () => undefined };
  }
  if (!onPath('nats-server')) {
    const error = new Error(INSTALL_HELP);
    error.code = 'NATS_SERVER_MISSING';
    throw error;
  }
  const port = await freePort();
  const storeDir = join(stateDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const child = spawn('nats-server', ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  process.on('exit', () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  prefixLines(child.stdout, 'nats', 'yellow');
  prefixLines(child.stderr, 'nats', 'yellow');
  await waitUntilAnswers('127.0.0.1', port, 10_000, 'nats-server');
  say(`nats-server (JetStream) started on 127.0.0.1:${port}`);
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

module.exports = { locateNats, INSTALL_HELP };
