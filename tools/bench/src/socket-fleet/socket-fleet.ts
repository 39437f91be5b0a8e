import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { FleetOrder, FleetReport } from './fleet-protocol';

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
 * most `perProcess` sockets from its own source addresses (fleet-protocol.ts).
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
      const client = fork(join(__dirname, 'client-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
        client.exitCode !== null ? undefined : new Promise((resolve) => client.once('exit', resolve)),
      ),
    );
    return { strayArrivals: counts.reduce((a, b) => a + b, 0) };
  }
}
