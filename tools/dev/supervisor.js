'use strict';

/**
 * The pause before each restart: 0.5 s, doubling up to 10 s; a child that stayed up
 * for 30 s starts the count again.
 */
const BACKOFF = { firstMs: 500, maxMs: 10_000, stableMs: 30_000 };

/** The pause before restart number `attempt` (1, 2, …) of a series. */
const restartDelay = (attempt, backoff = BACKOFF) => Math.min(backoff.firstMs * 2 ** (attempt - 1), backoff.maxMs);

const inSeconds = (ms) => `${Number((ms / 1000).toFixed(1))} s`;

const exitReason = ({ code, signal }) => signal ?? `exit code ${code}`;

/**
 * Keeps one service running. `launch()` starts a child: `{ pid, ready, exited, stop(graceMs) }`.
 * A child that exits on its own after the service was first ready (a crash, a SIGKILL,
 * the OOM killer) is started again after `restartDelay`; the other services go on. The
 * first start must succeed: `ready` rejects when that child exits before it is ready
 * (a bad configuration), and nothing is restarted. Nor is anything once `keepRunning()`
 * says no (the launcher is stopping). `stop()` ends the child and any pending restart.
 */
function supervise({ name, launch, say, keepRunning = () => true, backoff = BACKOFF, now = Date.now }) {
  let child;
  let attempt = 0;
  let restart;
  let stopped = false;
  let everReady = false;
  const wanted = () => !stopped && keepRunning();

  const run = () => {
    const startedAt = now();
    const current = launch();
    child = current;
    say(`${name} started (pid ${current.pid})`);
    current.ready.then(
      () => {
        everReady = true;
        if (attempt > 0 && !stopped) say(`${name} is running again (restart ${attempt})`);
      },
      () => undefined,
    );
    void current.exited.then((status) => {
      if (!everReady || !wanted()) return;
      attempt = now() - startedAt >= backoff.stableMs ? 1 : attempt + 1;
      const delay = restartDelay(attempt, backoff);
      say(
        `${name} exited unexpectedly (${exitReason(status)}); restarting in ${inSeconds(delay)} (restart ${attempt})`,
      );
      restart = setTimeout(() => wanted() && run(), delay);
    });
    return current;
  };

  const first = run();
  return {
    name,
    /** The first child's ready-line match. */
    ready: first.ready,
    async stop(graceMs) {
      stopped = true;
      clearTimeout(restart);
      await child.stop(graceMs);
    },
  };
}

module.exports = { supervise, restartDelay, BACKOFF };
