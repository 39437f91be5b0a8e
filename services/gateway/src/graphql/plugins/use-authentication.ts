import type { Plugin } from 'graphql-yoga';
import type { Authenticator } from '../../auth';

/** Over HTTP the token is in the `Authorization` header; over WebSocket in connection_init's payload. */
export interface TransportContext {
  request?: Request;
  connectionParams?: Record<string, unknown>;
}

export const authorizationOf = (context: TransportContext): string | undefined => {
  if (context.connectionParams) {
    // The contract's `{ authorization }`; also `{ headers: { Authorization } }` as some IDEs send it.
    const params = context.connectionParams;
    const headers = (
      typeof params['headers'] === 'object' && params['headers'] !== null ? params['headers'] : {}
    ) as Record<string, unknown>;
    const value =
      params['authorization'] ?? params['Authorization'] ?? headers['authorization'] ?? headers['Authorization'];
    return typeof value === 'string' ? value : undefined;
  }
  return context.request?.headers.get('authorization') ?? undefined;
};

/**
 * Adds `auth` to every operation's context, HTTP and WebSocket alike. It never throws:
 * a bad token is kept as `auth.failure` for the resolvers that need a caller, so
 * `login` works even when a stale token comes along.
 */
export function useAuthentication(authenticator: Authenticator): Plugin<TransportContext> {
  return {
    async onContextBuilding({ context, extendContext }) {
      extendContext({ auth: await authenticator.authenticate(authorizationOf(context)) } as never);
    },
  };
}
