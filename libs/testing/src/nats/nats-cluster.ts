import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { AddressInfo, createServer, Server } from 'node:net';
import { join } from 'node:path';
import { connect } from 'nats';
import { Duration, toMilliseconds } from '../wait/duration';
import { waitFor } from '../wait/wait-for';
import { WaitTimeout } from '../wait/wait-timeout';
import { natsServerBinary } from './nats-server-process';

/** Where one node of the cluster runs: its address, its ports, and the command it runs under. */
export interface NatsNodePlacement {
  /** The node's server_name, e.g. `n1`. */
  name: string;
  /** The address it listens on for clients and routes (127.0.0.1, or a namespace's own address). */
  host: string;
  clientPort: number;
  routePort: number;
  /** Runs the server under this command, e.g. `['ip', 'netns', 'exec', 'ns-n1']`; none: directly. */
  launcher?: string[];
}

export interface NatsClusterNode {
  readonly name: string;
  /** `nats://host:port` of this node. */
  readonly url: string;
  readonly logs: readonly string[];
  readonly running: boolean;
  /** Kills the server (SIGKILL by default: a crash); its JetStream store stays for `start`. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same store, and waits until it listens for clients. */
  start(): Promise<void>;
}

export interface NatsCluster {
  readonly nodes: readonly NatsClusterNode[];
  /** Every node, comma-separated: a NATS_URL. */
  readonly url: string;
  node(name: string): NatsClusterNode;
  /** The server_name of the node leading this stream's replicas (JetStream's stream info). */
  streamLeader(stream: string, options?: { within?: Duration }): Promise<string>;
  /** Kills every node and deletes their stores. */
  stop(): Promise<void>;
}

/**
 * A JetStream cluster of nats-server processes, for tests of what a cluster does that one
 * server does not: replicas, a leader that dies, a node cut off. Each node gets its own
 * store in a temp directory; the routes list every node. Resolves once JetStream answers
 * (the meta leader is elected).
 */
export async function startNatsCluster(
  placements: readonly NatsNodePlacement[],
  options: { clusterName?: string; within?: Duration } = {},
): Promise<NatsCluster> {
  const directory = await mkdtemp(join(tmpdir(), 'tenantry-nats-cluster-'));
  const routes = placements.map((p) => `nats-route://${p.host}:${p.routePort}`);
  const nodes = await Promise.all(
    placements.map(async (placement) => {
      const configFile = join(directory, `${placement.name}.conf`);
      await writeFile(configFile, nodeConfig(placement, routes, directory, options.clusterName ?? 'tenantry-test'));
      return new ClusterNode(placement, configFile);
    }),
  );
  const url = nodes.map((n) => n.url).join(',');
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.kill('SIGKILL')));
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await Promise.all(nodes.map((n) => n.start()));
    await waitFor(() => jetStreamAnswers(url), Boolean, {
      within: options.within ?? '30s',
      interval: 200,
      description: 'the JetStream cluster to elect its meta leader',
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes,
    url,
    node: (name) => {
      const found = nodes.find((n) => n.name === name);
      if (!found) throw new Error(`no NATS node ${name}`);
      return found;
    },
    streamLeader: (stream, waitOptions = {}) =>
      waitFor(
        () => streamLeaderOf(url, stream),
        (leader) => leader !== undefined,
        {
          within: waitOptions.within ?? '20s',
          interval: 200,
          description: `a leader of stream ${stream}`,
        },
      ) as Promise<string>,
    stop,
  };
}

function nodeConfig(placement: NatsNodePlacement, routes: string[], directory: string, clusterName: string): string {
  return [
    `server_name: ${placement.name}`,
    `listen: "${placement.host}:${placement.clientPort}"`,
    `jetstream { store_dir: ${JSON.stringify(join(directory, placement.name))} }`,
    'cluster {',
    `  name: ${clusterName}`,
    `  listen: "${placement.host}:${placement.routePort}"`,
    `  routes: [${routes.map((r) => JSON.stringify(r)).join(', ')}]`,
    '}',
  ].join('\n');
}

async function jetStreamAnswers(url: string): Promise<boolean> {
  const nc = await connect({ servers: url.split(','), timeout: 2000 });
  try {
    await (await nc.jetstreamManager({ timeout: 2000 })).getAccountInfo();
    return true;
  } finally {
    await nc.close();
  }
}

async function streamLeaderOf(url: string, stream: string): Promise<string | undefined> {
  const nc = await connect({ servers: url.split(','), timeout: 2000 });
  try {
    const info = await (await nc.jetstreamManager({ timeout: 2000 })).streams.info(stream);
    return info.cluster?.leader || undefined;
  } finally {
    await nc.close();
  }
}

class ClusterNode implements NatsClusterNode {
  readonly logs: string[] = [];
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly placement: NatsNodePlacement,
    private readonly configFile: string,
  ) {}

  get name() {
    return this.placement.name;
  }
  get url() {
    return `nats://${this.placement.host}:${this.placement.clientPort}`;
  }
  get running() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(within: Duration = '20s'): Promise<void> {
    if (this.running) return;
    const [command, ...args] = [...(this.placement.launcher ?? []), natsServerBinary(), '-c', this.configFile];
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const withinMs = toMilliseconds(within);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new WaitTimeout(`NATS node ${this.name} to listen for clients`, withinMs, this.logs.at(-1))),
        withinMs,
      );
      const onData = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          this.logs.push(line);
          if (/Listening for client connections/.test(line)) {
            clearTimeout(timer);
            resolve();
          }
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('error', (error) => (clearTimeout(timer), reject(error)));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`NATS node ${this.name} exited (${code}): ${this.logs.slice(-3).join(' | ')}`));
      });
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.running) this.child!.kill(signal);
    await this.exited;
  }
}

/** Three nodes on 127.0.0.1, each on free ports: a cluster on one host. */
export async function loopbackPlacements(count = 3): Promise<NatsNodePlacement[]> {
  const ports = await freePorts(count * 2);
  return Array.from({ length: count }, (_, i) => ({
    name: `n${i + 1}`,
    host: '127.0.0.1',
    clientPort: ports[2 * i]!,
    routePort: ports[2 * i + 1]!,
  }));
}

/** Ports free right now (held together while they are picked, so they differ). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
