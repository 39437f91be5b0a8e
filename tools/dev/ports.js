'use strict';
const net = require('node:net');

/** True when something accepts TCP connections at host:port within the timeout. */
function answers(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A port the OS says is free right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Waits until host:port answers, or throws after `withinMs`. */
async function waitUntilAnswers(host, port, withinMs, what) {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await answers(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not answer on ${host}:${port} within ${withinMs / 1000}s`);
}

module.exports = { answers, freePort, waitUntilAnswers };
