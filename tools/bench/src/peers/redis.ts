import { execFileSync, spawnSync } from 'node:child_process';
import { Socket } from 'node:net';
import { REDIS } from './bullmq';

const answers = (): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(REDIS.port, REDIS.host, () => {
      socket.write('PING\r\n');
      socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    });
  });

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/**
 * BullMQ needs a redis-server on 127.0.0.1:6379: use the running one, else start one
 * (installing Debian's redis-server first when it is missing and we may). Returns
 * why not when it can't, so the bench can report BullMQ as skipped instead of failing.
 */
export async function ensureRedis(log: (line: string) => void): Promise<string | undefined> {
  if (await answers()) return undefined;
  try {
    if (!has('redis-server')) {
      log('redis-server missing: installing it (apt-get install redis-server)');
      execFileSync(
        'sh',
        [
          '-c',
          'apt-get install -y -qq redis-server >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq redis-server >/dev/null 2>&1)',
        ],
        { stdio: 'ignore', timeout: 240_000 },
      );
    }
    log('starting redis-server on 127.0.0.1:6379 (no persistence)');
    execFileSync(
      'redis-server',
      ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(REDIS.port), '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
  } catch (error) {
    return `redis-server could not be installed or started: ${error instanceof Error ? error.message : String(error)}`;
  }
  for (let i = 0; i < 50; i++) {
    if (await answers()) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'redis-server started but does not answer on 127.0.0.1:6379';
}
