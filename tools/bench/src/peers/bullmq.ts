import { Queue } from 'bullmq';
import { WorkerProcess } from './worker-process';

export const REDIS = { host: '127.0.0.1', port: 6379 };

/** BullMQ 5 against the local redis-server (no fsync: `--save "" --appendonly no`). */
export class BullMqPeer {
  private constructor(
    readonly queue: Queue,
    readonly worker: WorkerProcess,
  ) {}

  static async start(options: { workers: number; prefix: string }): Promise<BullMqPeer> {
    const name = 'bench';
    const queue = new Queue(name, { connection: REDIS, prefix: options.prefix });
    await queue.waitUntilReady();
    const worker = new WorkerProcess('bullmq-worker.cjs', {
      BENCH_QUEUE: name,
      BENCH_PREFIX: options.prefix,
      BENCH_WORKERS: String(options.workers),
      BENCH_REDIS_HOST: REDIS.host,
      BENCH_REDIS_PORT: String(REDIS.port),
    });
    try {
      await worker.ready;
    } catch (error) {
      await queue.close();
      throw error;
    }
    return new BullMqPeer(queue, worker);
  }

  async send(key: string): Promise<void> {
    await this.queue.add('job', { k: key }, { removeOnComplete: true, removeOnFail: true });
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    await this.queue.obliterate({ force: true }).catch(() => undefined);
    await this.queue.close();
  }
}
