/** Neither a reachable server nor a container runtime: says what to start or set. */
export class InfrastructureUnavailable extends Error {
  readonly code = 'TEST_INFRASTRUCTURE_UNAVAILABLE';
  constructor(
    readonly service: 'PostgreSQL' | 'NATS',
    readonly tried: string,
    howToFix: string[],
    options?: { cause?: unknown },
  ) {
    super(
      [
        `${service} for tests is not available: ${tried} is unreachable and no container runtime (Docker/Podman) was found.`,
        'Do one of:',
        ...howToFix.map((step) => `  - ${step}`),
      ].join('\n'),
      options,
    );
    this.name = 'InfrastructureUnavailable';
  }
}
