import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';

/**
 * The client's address: the TCP peer of the request (HTTP) or of the upgrade (WebSocket).
 * A proxy in front makes every client one address; limits per address then count the
 * proxy, which errs on the safe side.
 */
export function useClientAddress(): Plugin {
  return {
    onContextBuilding({ context, extendContext }) {
      const request = (context as { req?: IncomingMessage }).req;
      extendContext({ clientAddress: request?.socket?.remoteAddress ?? 'unknown' } as never);
    },
  };
}
