import type { StartedTestContainer } from 'testcontainers';

export interface TestKurrentDB {
  url: string;
  stop(): Promise<void>;
}

/** KurrentDB image for the contract tests; KURRENTDB_TEST_IMAGE overrides it. */
export const KURRENTDB_TEST_IMAGE = process.env.KURRENTDB_TEST_IMAGE || 'kurrentplatform/kurrentdb:25.0';

/**
 * `KURRENTDB_URL` when set (tests isolate themselves by stream prefix, so a shared
 * server is fine), else a single insecure node in a container.
 */
export async function startTestKurrentDB(): Promise<TestKurrentDB> {
  if (process.env.KURRENTDB_URL) return { url: process.env.KURRENTDB_URL, stop: async () => undefined };
  const { GenericContainer, Wait } = await import('testcontainers');
  const container: StartedTestContainer = await new GenericContainer(KURRENTDB_TEST_IMAGE)
    .withExposedPorts(2113)
    .withEnvironment({ KURRENTDB_CLUSTER_SIZE: '1', KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None' })
    .withWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(120_000)
    .start();
  return {
    url: `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    stop: async () => {
      await container.stop();
    },
  };
}
