import { CloseCode } from 'graphql-ws';
import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { TenantView } from '@tenantry/read-model';
import type { LiveFeed, NotificationFeed } from '../live/ports';
import { admitsUsers } from '../auth';
import { loggableError } from '../errors';

export interface TenantSocketGuard {
  /** Closes `socket` (4403 Forbidden) as soon as its tenant is deactivated or deleted. */
  watch(socket: WebSocket, tenantId: string): void;
  close(): Promise<void>;
}

/**
 * Tokens of a deactivated or deleted tenant stop working at once: new requests are
 * checked against the read model, and open sockets are closed here on the tenant's
 * change. One tenantChanges feed per tenant with open sockets.
 */
export function createTenantSocketGuard(feed: NotificationFeed, logger: Logger): TenantSocketGuard {
  const watched = new Map<string, { sockets: Set<WebSocket>; changes: LiveFeed<TenantView> }>();

  const follow = async (tenantId: string, entry: { sockets: Set<WebSocket>; changes: LiveFeed<TenantView> }) => {
    try {
      for await (const tenant of entry.changes) {
        if (admitsUsers(tenant)) continue;
        logger.info({ tenantId, sockets: entry.sockets.size }, 'closing sockets of a tenant that is no longer usable');
        for (const socket of entry.sockets) socket.close(CloseCode.Forbidden, 'Forbidden');
      }
    } catch (error) {
      logger.warn({ tenantId, err: loggableError(error) }, 'tenant socket guard stopped following a tenant');
    }
  };

  return {
    watch(socket, tenantId) {
      let entry = watched.get(tenantId);
      if (!entry) {
        entry = { sockets: new Set(), changes: feed.tenantChanges(tenantId) };
        watched.set(tenantId, entry);
        void follow(tenantId, entry);
      }
      const current = entry;
      current.sockets.add(socket);
      socket.once('close', () => {
        current.sockets.delete(socket);
        if (current.sockets.size === 0 && watched.get(tenantId) === current) {
          watched.delete(tenantId);
          void current.changes.close();
        }
      });
    },
    async close() {
      const entries = [...watched.values()];
      watched.clear();
      await Promise.all(entries.map((entry) => entry.changes.close()));
    },
  };
}
