/**
 * A level-triggered wake-up: `notify()` before `wait()` is not lost, so a poller that
 * is busy reading when a notification arrives reads again right after.
 */
export class WakeupSignal {
  private pending = false;
  private wake: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  /** Resolves on the next (or a pending) notification, true, or after `timeoutMs`, false. */
  wait(timeoutMs: number): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const done = (notified: boolean) => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pending = false;
        resolve(notified);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.wake = () => done(true);
    });
  }
}
