import { setTimeout as delay } from 'node:timers/promises';
import type { GraphQLResponse } from './graphql-client';

export interface Backend {
  instance: string;
  /** The gateway's /graphql URL. */
  url: string;
}

/**
 * What a load balancer in front of several gateways does for the specs: round robin
 * over the gateways in service, a gateway taken out before it stops, and a request
 * whose connection failed sent again to the next one. Only requests that carry an
 * idempotency key may be sent again safely: the rolling-restart spec gives each one.
 */
export class LoadBalancer {
  private turn = 0;

  constructor(private backends: Backend[]) {}

  add(backend: Backend): void {
    this.backends = [...this.backends, backend];
  }

  /** Out of rotation: new requests and sockets go to the others. */
  remove(instance: string): void {
    this.backends = this.backends.filter((b) => b.instance !== instance);
  }

  /** The next gateway in turn. */
  next(): Backend {
    if (this.backends.length === 0) throw new Error('no gateway in service');
    return this.backends[this.turn++ % this.backends.length]!;
  }

  /** POSTs to /graphql, sending again elsewhere while the connection fails (for up to `withinMs`). */
  async graphql<T = any>(
    query: string,
    variables: Record<string, unknown>,
    token: string,
    withinMs = 30_000,
  ): Promise<GraphQLResponse<T>> {
    const deadline = Date.now() + withinMs;
    for (let attempt = 1; ; attempt++) {
      const { url } = this.next();
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
          // A gateway killed with the request in flight never answers: a proxy's read timeout.
          signal: AbortSignal.timeout(20_000),
        });
        if (response.status !== 502 && response.status !== 503) return (await response.json()) as GraphQLResponse<T>;
        if (Date.now() > deadline) return (await response.json()) as GraphQLResponse<T>;
      } catch (error) {
        // The connection failed (refused, reset, timed out): what a proxy sends to the next backend.
        if (Date.now() > deadline) throw error;
      }
      await delay(Math.min(20 * attempt, 200));
    }
  }
}
