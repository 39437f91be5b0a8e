'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { prefixLines } = require('./output');

const ROOT = join(__dirname, '..', '..');

/**
 * The services in start order, with the line each prints once ready. The workers'
 * operations ports (health, metrics) must differ on one machine: METRICS_PORT
 * (default 9464) for tenant-command, the next one for the provisioner; 0 stays 0.
 */
const SERVICES = [
  { name: 'tenant-command', color: 'cyan', ready: /listening for commands/, metricsOffset: 0 },
  { name: 'provisioner', color: 'magenta', ready: /waiting for jobs/, metricsOffset: 1 },
  { name: 'gateway', color: 'green', ready: /Gateway ready at (\S+)/, metricsOffset: 2 },
];

function environmentOf(service, env) {
  const base = Number(env.METRICS_PORT || 9464);
  return { ...env, METRICS_PORT: String(base === 0 ? 0 : base + service.metricsOffset) };
}

const scriptOf = (name) => join(ROOT, 'services', name, 'dist', 'main.js');

/**
 * Starts a compiled service as a child process: `ready` resolves with the ready line's
 * match (rejects if it exits first), `exited` with `{ code, signal }`.
 */
function launchService(service, env) {
  // Its own process group: a terminal's Ctrl-C reaches the launcher only, which stops
  // the services in order; if the launcher dies, `exit` below still kills them.
  const child = spawn(process.execPath, [scriptOf(service.name)], {
    env: environmentOf(service, env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const killOnExit = () => running() && child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      resolve({ code, signal });
    });
  });
  let markReady;
  const ready = new Promise((resolve, reject) => {
    markReady = resolve;
    void exited.then(({ code, signal }) =>
      reject(new Error(`${service.name} exited (${signal ?? code}) before it was ready`)),
    );
  });
  const onLine = (line) => {
    const match = line.match(service.ready);
    if (match) markReady(match);
  };
  prefixLines(child.stdout, service.name, service.color, onLine);
  prefixLines(child.stderr, service.name, service.color, onLine);
  return {
    pid: child.pid,
    ready,
    exited,
    /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
    async stop(graceMs = 10_000) {
      if (!running()) return;
      const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}

module.exports = { SERVICES, launchService, environmentOf, ROOT };
