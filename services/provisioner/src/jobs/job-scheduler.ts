import { Priority } from '@tenantry/tenant-domain';
import { QueuedJob, pickNextJob } from './pick-next-job';

interface Entry extends QueuedJob {
  start(): void;
  drop(): void;
}

/** A queued job that will not run here because the scheduler is shutting down. */
export class JobDropped extends Error {
  override name = 'JobDropped';
}

/**
 * Runs jobs `concurrency` at a time, by priority with aging, one at a time per key.
 */
export class JobScheduler {
  private readonly queued: Entry[] = [];
  private readonly busy = new Set<string>();
  private sequence = 0;

  constructor(
    private readonly concurrency: number,
    private readonly agingMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Jobs queued or running. */
  get size(): number {
    return this.queued.length + this.busy.size;
  }

  get running(): number {
    return this.busy.size;
  }

  /** When the longest-waiting queued job was queued (ms), if any. */
  get oldestQueuedAt(): number | undefined {
    return this.queued.reduce<number | undefined>(
      (oldest, job) => (oldest === undefined || job.queuedAt < oldest ? job.queuedAt : oldest),
      undefined,
    );
  }

  submit<T>(key: string, priority: Priority, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({
        key,
        priority,
        queuedAt: this.now(),
        sequence: this.sequence++,
        start: () => {
          task()
            .then(resolve, reject)
            .finally(() => {
              this.busy.delete(key);
              this.pump();
            });
        },
        drop: () => reject(new JobDropped('The provisioner is stopping; another one will take this job')),
      });
      this.pump();
    });
  }

  /** Gives up every job not started yet (they reject with JobDropped); running ones go on. */
  dropQueued(): void {
    for (const entry of this.queued.splice(0)) entry.drop();
  }

  private pump(): void {
    while (this.busy.size < this.concurrency) {
      const next = pickNextJob(this.queued, this.busy, this.now(), this.agingMs);
      if (!next) return;
      this.queued.splice(this.queued.indexOf(next), 1);
      this.busy.add(next.key);
      next.start();
    }
  }
}
