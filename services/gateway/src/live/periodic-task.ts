/** A task run every `intervalMs`, one run at a time; a failed run waits for the next. */
export interface PeriodicTask {
  /** Runs it now, or joins the run in progress. Never rejects. */
  run(): Promise<void>;
  /** No more runs; settles when the one in progress ends. */
  stop(): Promise<void>;
}

export function periodically(intervalMs: number, task: () => Promise<void>): PeriodicTask {
  let running: Promise<void> | undefined;
  const run = () =>
    (running ??= task()
      .catch(() => undefined)
      .finally(() => (running = undefined)));
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref?.();
  return {
    run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
