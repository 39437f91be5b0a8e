import PgBoss from 'pg-boss';
import { Client } from 'pg';
import { WorkerProcess } from './worker-process';

export type PgBossWake = 'notify' | 'poll';

/**
 * pg-boss 10.4.2 (the newest release whose engines allow Node 20) on its own schema.
 * `notify`: a statement-level trigger on the job table NOTIFYs at commit and the worker
 * process LISTENs and calls `notifyWorker`, as pg-boss 12's useListenNotify does.
 * `poll`: polling only, at the smallest interval pg-boss accepts (0.5 s).
 */
export class PgBossPeer {
  private constructor(
    readonly boss: PgBoss,
    readonly queue: string,
    readonly worker: WorkerProcess,
  ) {}

  static async start(options: { databaseUrl: string; wake: PgBossWake; workers: number; batchSize: number }): Promise<PgBossPeer> {
    const schema = `pgboss_${options.wake}`;
    const queue = 'bench';
    const boss = new PgBoss({ connectionString: options.databaseUrl, schema, schedule: false, max: 10 });
    boss.on('error', (error: Error) => process.stderr.write(`pg-boss: ${error.message}\n`));
    await boss.start();
    await boss.createQueue(queue);
    if (options.wake === 'notify') await installNotifyTrigger(options.databaseUrl, schema);
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
      await boss.stop({ graceful: false, wait: false });
      throw error;
    }
    return new PgBossPeer(boss, queue, worker);
  }

  async send(key: string): Promise<void> {
    await this.boss.send(this.queue, { k: key });
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    await this.boss.stop({ graceful: false, wait: true });
  }
}

async function installNotifyTrigger(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`
      create or replace function ${schema}.bench_notify() returns trigger language plpgsql as $$
      begin perform pg_notify('${schema}_jobs', ''); return null; end $$;
      create or replace trigger bench_notify after insert on ${schema}.job for each statement execute function ${schema}.bench_notify();
    `);
  } finally {
    await client.end();
  }
}
