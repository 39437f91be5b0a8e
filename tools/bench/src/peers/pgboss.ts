import { PgBoss } from 'pg-boss';
import { WorkerProcess } from './worker-process';

export type PgBossWake = 'notify' | 'poll';

/**
 * pg-boss 12 on its own schema, its workers in a separate process.
 * `notify`: pg-boss's own LISTEN/NOTIFY (the queue's `notify: true` NOTIFYs at commit, the
 * worker's `useListenNotify` wakes the workers), polling every 0.5 s as its floor.
 * `poll`: polling only, at the smallest interval pg-boss accepts (0.5 s).
 */
export class PgBossPeer {
  private constructor(
    readonly boss: PgBoss,
    readonly queue: string,
    readonly worker: WorkerProcess,
  ) {}

  static async start(options: {
    databaseUrl: string;
    wake: PgBossWake;
    workers: number;
    batchSize: number;
  }): Promise<PgBossPeer> {
    const schema = `pgboss_${options.wake}`;
    const queue = 'bench';
    const boss = new PgBoss({ connectionString: options.databaseUrl, schema, schedule: false, max: 10 });
    boss.on('error', (error: Error) => process.stderr.write(`pg-boss: ${error.message}\n`));
    await boss.start();
    await boss.createQueue(queue, { notify: options.wake === 'notify' });
    const worker = new WorkerProcess('pgboss-worker.cjs', {
      BENCH_PG_URL: options.databaseUrl,
      BENCH_SCHEMA: schema,
      BENCH_QUEUE: queue,
      BENCH_WAKE: options.wake,
      BENCH_WORKERS: String(options.workers),
      BENCH_BATCH: String(options.batchSize),
    });
    try {
      await worker.ready;
    } catch (error) {
      await boss.stop({ graceful: false });
      throw error;
    }
    return new PgBossPeer(boss, queue, worker);
  }

  async send(key: string): Promise<void> {
    await this.boss.send(this.queue, { k: key });
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    await this.boss.stop({ graceful: false });
  }
}
