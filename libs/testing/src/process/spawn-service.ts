import { ChildProcess, spawn } from 'node:child_process';
import { Duration, toMilliseconds } from '../wait/duration';
import { WaitTimeout } from '../wait/wait-timeout';

/** How long `exited` waits, at most, for the output a process left in its pipes. */
const OUTPUT_AFTER_EXIT_MS = 2_000;

export interface SpawnServiceOptions {
  /** Log prefix; the script's folder name by default. */
  name?: string;
  /** Echo the prefixed output to this process's stderr (default: `TENANTRY_TEST_LOGS=1`). */
  echo?: boolean;
  /** Extra arguments for node before the script, e.g. `--enable-source-maps`. */
  nodeArgs?: string[];
  /** Runs node under this command, e.g. `['ip', 'netns', 'exec', 'ns-a']` (another host's network). */
  launcher?: string[];
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  readonly name: string;
  readonly pid: number | undefined;
  /** Every output line so far, stdout and stderr interleaved, without prefix. */
  readonly logs: readonly string[];
  /** Settles when the process has exited. */
  readonly exited: Promise<ExitStatus>;
  /** Resolves with the first line (past or future) that matches. */
  waitForLog(pattern: RegExp, options?: { within?: Duration }): Promise<RegExpMatchArray>;
  kill(signal?: NodeJS.Signals): Promise<ExitStatus>;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  stop(options?: { grace?: Duration }): Promise<ExitStatus>;
}

interface LogWaiter {
  pattern: RegExp;
  resolve(match: RegExpMatchArray): void;
}

/**
 * Runs a compiled service (`node <scriptPath>`) with this process's environment plus
 * `env`, capturing its output line by line with a `[name]` prefix.
 */
export function spawnService(
  scriptPath: string,
  env: Record<string, string | undefined> = {},
  options: SpawnServiceOptions = {},
): ServiceProcess {
  const name = options.name ?? scriptPath.split('/').slice(-3, -2)[0] ?? 'service';
  const echo = options.echo ?? process.env.TENANTRY_TEST_LOGS === '1';
  const [command, ...args] = [...(options.launcher ?? []), process.execPath];
  args.push(...(options.nodeArgs ?? []), scriptPath);
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const waiters = new Set<LogWaiter>();

  const onLine = (line: string) => {
    logs.push(line);
    if (echo) process.stderr.write(`[${name}] ${line}\n`);
    for (const waiter of waiters) {
      const match = line.match(waiter.pattern);
      if (match) {
        waiters.delete(waiter);
        waiter.resolve(match);
      }
    }
  };
  for (const output of [child.stdout, child.stderr]) {
    let partial = '';
    output?.setEncoding('utf8');
    output?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    output?.on('end', () => partial && onLine(partial));
  }

  // A process's last lines can still be in its pipes when it has exited: `exited` settles at the
  // child's 'close' (both outputs read to their end), or a moment after the exit should
  // something else (a process it started) hold them open.
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      const settle = () => resolve({ code, signal });
      const bound = setTimeout(settle, OUTPUT_AFTER_EXIT_MS);
      child.once('close', () => {
        clearTimeout(bound);
        settle();
      });
    });
    child.on('error', (error) => {
      onLine(`spawn failed: ${error.message}`);
      resolve({ code: null, signal: null });
    });
  });

  const waitForLog = (pattern: RegExp, waitOptions: { within?: Duration } = {}) => {
    const seen = logs.map((line) => line.match(pattern)).find((match) => match !== null);
    if (seen) return Promise.resolve(seen);
    const withinMs = toMilliseconds(waitOptions.within ?? '15s');
    return new Promise<RegExpMatchArray>((resolve, reject) => {
      const fail = (why: string) => () => {
        waiters.delete(waiter);
        reject(
          new WaitTimeout(`[${name}] a log line matching ${pattern} ${why}`, withinMs, logs.slice(-20).join('\n')),
        );
      };
      const timer = setTimeout(fail(''), withinMs);
      const waiter: LogWaiter = {
        pattern,
        resolve: (match) => {
          clearTimeout(timer);
          resolve(match);
        },
      };
      waiters.add(waiter);
      void exited.then(() => {
        if (!waiters.has(waiter)) return;
        clearTimeout(timer);
        fail('(the process exited first)')();
      });
    });
  };

  const kill = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };

  const stop = async (stopOptions: { grace?: Duration } = {}) => {
    const graceMs = toMilliseconds(stopOptions.grace ?? '5s');
    const forced = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await kill('SIGTERM');
    } finally {
      clearTimeout(forced);
    }
  };

  return { name, pid: child.pid, logs, exited, waitForLog, kill, stop };
}
