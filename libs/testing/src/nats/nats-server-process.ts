import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, toMilliseconds } from '../wait/duration';
import { WaitTimeout } from '../wait/wait-timeout';

export interface NatsServerProcess {
  /** `nats://127.0.0.1:<port>` */
  readonly url: string;
  /** Every line the server logged so far. */
  readonly logs: readonly string[];
  /** Kills the server and deletes its JetStream store. */
  stop(): Promise<void>;
}

export interface NatsServerOptions {
  /** nats-server configuration added after the listen address and the JetStream store, e.g. an `authorization` block. */
  config?: string;
  /** The server's environment on top of this process's (conf variables such as passwords). */
  env?: Record<string, string>;
  within?: Duration;
}

/** The nats-server binary: `NATS_SERVER_BIN`, the Debian package's, or whatever PATH finds. */
export const natsServerBinary = (): string =>
  process.env.NATS_SERVER_BIN ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

/**
 * A nats-server of its own, for a test that needs one configured differently from the
 * shared one (authorization, TLS): any free port on 127.0.0.1, JetStream in a temp dir.
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerProcess> {
  const directory = await mkdtemp(join(tmpdir(), 'tenantry-nats-'));
  const configFile = join(directory, 'nats.conf');
  await writeFile(
    configFile,
    [
      'listen: "127.0.0.1:-1"',
      `jetstream { store_dir: ${JSON.stringify(join(directory, 'jetstream'))} }`,
      options.config ?? '',
    ].join('\n'),
  );
  const child = spawn(natsServerBinary(), ['-c', configFile], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await rm(directory, { recursive: true, force: true });
  };
  const withinMs = toMilliseconds(options.within ?? '20s');
  try {
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new WaitTimeout('nats-server to listen for clients', withinMs, logs.at(-1))),
        withinMs,
      );
      const onData = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          logs.push(line);
          const listening = /Listening for client connections on [^\s]+:(\d+)/.exec(line);
          if (listening) {
            clearTimeout(timer);
            resolve(listening[1]!);
          }
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('error', (error) => (clearTimeout(timer), reject(error)));
      child.once(
        'exit',
        (code) => (
          clearTimeout(timer),
          reject(new Error(`nats-server exited (${code}): ${logs.slice(-3).join(' | ')}`))
        ),
      );
    });
    return { url: `nats://127.0.0.1:${port}`, logs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
