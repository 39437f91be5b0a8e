import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** What measure 6 tells a client process (workers/socket-clients.cjs): its share of the background connections. */
interface FleetOrder {
  url: string;
  /** Tokens of the background administrators; connection i uses token i mod length. */
  tokens: string[];
  /** Global index of this process's first connection (chooses its token and source address). */
  firstIndex: number;
  count: number;
  /** Connections opening at once in this process. */
  inFlight: number;
}

/** What a client process tells the bench. */
type FleetReport =
  | { kind: 'progress'; opened: number }
  | { kind: 'ready'; opened: number; failure?: string }
  | { kind: 'closed'; strayArrivals: number };

/** The client processes' script: plain JavaScript, so the bench runs it from source (the smoke spec) or compiled. */
const CLIENT_SCRIPT = join(__dirname, '..', '..', 'workers', 'socket-clients.cjs');

export interface FleetOptions {
  url: string;
  tokens: string[];
  count: number;
  /** Most connections one client process holds (its own open-files limit bounds it). */
  perProcess: number;
  inFlightPerProcess?: number;
  onProgress?: (opened: number) => void;
}

/**
 * Measure 6's background connections, spread over client processes: each holds at
 * most `perProcess` sockets from its own source addresses (127.0.0.2, 127.0.0.3, …:
 * see workers/socket-clients.cjs).
 */
export class SocketFleet {
  private constructor(
    private readonly clients: ChildProcess[],
    readonly opened: number,
    readonly failure: string | undefined,
  ) {}

  static async open(options: FleetOptions): Promise<SocketFleet> {
    const processes = Math.max(1, Math.ceil(options.count / options.perProcess));
    const share = Math.ceil(options.count / processes);
    const clients: ChildProcess[] = [];
    const openedBy = new Array<number>(processes).fill(0);
    const progress = () => options.onProgress?.(openedBy.reduce((a, b) => a + b, 0));
    const outcomes = Array.from({ length: processes }, (_, p) => {
      const client = fork(CLIENT_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      clients.push(client);
      const order: FleetOrder = {
        url: options.url,
        tokens: options.tokens,
        firstIndex: p * share,
        count: Math.min(share, options.count - p * share),
        inFlight: options.inFlightPerProcess ?? 100,
      };
      return new Promise<{ opened: number; failure?: string }>((resolve) => {
        client.on('message', (message: FleetReport) => {
          if (message.kind === 'progress') {
            openedBy[p] = message.opened;
            progress();
          } else if (message.kind === 'ready') {
            openedBy[p] = message.opened;
            progress();
            resolve(message);
          }
        });
        client.once('exit', (code) => resolve({ opened: 0, failure: `client process ${p} exited (${code})` }));
        client.send({ open: order });
      });
    });
    const settled = await Promise.all(outcomes);
    const failure = settled.find((s) => s.failure)?.failure;
    return new SocketFleet(
      clients,
      settled.reduce((sum, s) => sum + s.opened, 0),
      failure,
    );
  }

  /** Closes every connection; resolves with the notifications the background connections received. */
  async close(): Promise<{ strayArrivals: number }> {
    const counts = await Promise.all(
      this.clients.map(
        (client) =>
          new Promise<number>((resolve) => {
            if (client.exitCode !== null || !client.connected) return resolve(0);
            client.on('message', (message: FleetReport) => message.kind === 'closed' && resolve(message.strayArrivals));
            client.once('exit', () => resolve(0));
            client.send({ stop: true });
          }),
      ),
    );
    await Promise.all(
      this.clients.map((client) =>
        client.exitCode !== null ? Promise.resolve() : new Promise((resolve) => client.once('exit', resolve)),
      ),
    );
    return { strayArrivals: counts.reduce((a, b) => a + b, 0) };
  }
}
