import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { TransportContext } from './use-authentication';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,100}$/;

/** Takes the caller's `X-Correlation-Id` when it is sane, else makes one. */
export function useCorrelationId(): Plugin<TransportContext> {
  return {
    onContextBuilding({ context, extendContext }) {
      const given = context.request?.headers.get(CORRELATION_HEADER);
      extendContext({ correlationId: given && ACCEPTABLE.test(given) ? given : randomUUID() } as never);
    },
  };
}
