import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** tools/bench/workers, from src/peers (jest) or dist/peers (compiled). */
export const WORKERS_DIR = join(__dirname, '..', '..', 'workers');

/**
 * A peer's worker in its own process. It reports every handler start (job key and
 * time) and every completion over IPC, batched per tick.
 */
export class WorkerProcess {
  private readonly child: ChildProcess;
  private readonly startWaiters = new Map<string, (at: number) => void>();
  private readonly startedEarly = new Map<string, number>();
  completed = 0;
  private completionWaiter: { count: number; resolve: () => void } | undefined;
  readonly ready: Promise<void>;
  private stderr = '';

  constructor(script: string, env: Record<string, string>) {
    this.child = fork(join(WORKERS_DIR, script), [], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} not ready in 30 s: ${this.stderr}`)), 30_000);
      this.child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited with ${code}: ${this.stderr}`));
      });
      this.child.on('message', (message: { ready?: boolean; starts?: [string, number][]; done?: number }) => {
        if (message.ready) {
          clearTimeout(timer);
          resolve();
          return;
        }
        for (const [key, at] of message.starts ?? []) {
          const waiter = this.startWaiters.get(key);
          if (waiter) {
            this.startWaiters.delete(key);
            waiter(at);
          } else {
            this.startedEarly.set(key, at);
          }
        }
        this.completed += message.done ?? 0;
        if (this.completionWaiter && this.completed >= this.completionWaiter.count) {
          this.completionWaiter.resolve();
          this.completionWaiter = undefined;
        }
      });
    });
  }

  /** When the handler started for the job with this key. */
  started(key: string, timeoutMs = 30_000): Promise<number> {
    const early = this.startedEarly.get(key);
    if (early !== undefined) {
      this.startedEarly.delete(key);
      return Promise.resolve(early);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.startWaiters.delete(key);
        reject(new Error(`job ${key} did not start within ${timeoutMs} ms`));
      }, timeoutMs);
      this.startWaiters.set(key, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }

  /** Resolves once `count` jobs have completed in total. */
  completedAtLeast(count: number, timeoutMs = 300_000): Promise<void> {
    if (this.completed >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.completed}/${count} jobs completed within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.completionWaiter = {
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }

  resetCounts(): void {
    this.completed = 0;
    this.startedEarly.clear();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ stop: true });
    const forced = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(forced);
  }
}
