import { connect } from 'nats';
import { hasContainerRuntime } from '../container-runtime';
import { InfrastructureUnavailable } from '../infrastructure-unavailable';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export interface TestNats {
  url: string;
}

let server: Promise<TestNats> | undefined;

/**
 * A NATS server with JetStream for tests: `NATS_URL` (or the local default) when it
 * answers, else a container. Isolate tests with `uniquePrefix`, not separate servers.
 */
export function testNats(): Promise<TestNats> {
  server ??= locateServer();
  return server;
}

async function locateServer(): Promise<TestNats> {
  const url = process.env.NATS_URL || DEFAULT_NATS_URL;
  const problem = await probe(url);
  if (!problem) return { url };
  if (await hasContainerRuntime()) return startContainer();
  throw new InfrastructureUnavailable(
    'NATS',
    url,
    [
      'start a local server with JetStream: nats-server -js (or: nats-server -js -sd /tmp/nats &)',
      'or set NATS_URL to a server with JetStream enabled',
      'or start Docker so testcontainers can run nats:2.10 -js',
    ],
    { cause: problem },
  );
}

/** Resolves to why the server is unusable, or undefined when it answers with JetStream on. */
async function probe(url: string): Promise<unknown> {
  try {
    const connection = await connect({ servers: url, timeout: 3000, reconnect: false });
    try {
      const jsm = await connection.jetstreamManager({ timeout: 3000 });
      await jsm.getAccountInfo();
      return undefined;
    } finally {
      await connection.close();
    }
  } catch (error) {
    return error;
  }
}

async function startContainer(): Promise<TestNats> {
  const { NatsContainer } = await import('@testcontainers/nats');
  const container = await new NatsContainer('nats:2.10-alpine').withJetStream().start();
  return { url: `nats://${container.getHost()}:${container.getMappedPort(4222)}` };
}
