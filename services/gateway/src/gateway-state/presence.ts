import type { PrincipalKey } from '@tenantry/auth';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { loggableError } from '../errors';

/**
 * Who has an open socket, across every gateway replica. Each replica keeps its own
 * counts in memory and writes them to `gateway.presence` (gateway id, principal
 * key, sockets, expiry) on connect and disconnect, and refreshes the expiry periodically;
 * a replica that dies stops refreshing and its rows expire after `ttlMs`.
 */
export interface Presence {
  /** Counted and written before it resolves, so a socket is present once acknowledged. */
  connected(principal: PrincipalKey): Promise<void>;
  disconnected(principal: PrincipalKey): void;
  /** Open sockets on this replica. */
  openSockets(): number;
  /** Has the user an open socket on any replica? */
  isPresent(principal: PrincipalKey): Promise<boolean>;
  /** Stops refreshing and removes this replica's rows. */
  close(): Promise<void>;
}

export interface PresenceOptions {
  pool: Pool;
  gatewayId: string;
  logger: Logger;
  refreshMs?: number;
  ttlMs?: number;
}

export function createPresence({
  pool,
  gatewayId,
  logger,
  refreshMs = 10_000,
  ttlMs = 30_000,
}: PresenceOptions): Presence {
  const counts = new Map<string, number>();
  // Writes run one after the other, each writing the counts as they are then: the last write wins with the truth.
  let writes: Promise<void> = Promise.resolve();
  const enqueue = (write: () => Promise<unknown>): Promise<void> => {
    writes = writes.then(write).then(
      () => undefined,
      (error: unknown) =>
        logger.warn({ err: loggableError(error) }, 'presence could not be written; the next refresh retries'),
    );
    return writes;
  };
  // Principals whose count changed since the last write began. Every change made while a
  // write is in flight goes into the one next write (one statement for all of them), so a
  // burst of connections costs a few commits, not one commit each in a queue.
  const changed = new Set<PrincipalKey>();
  let nextWrite: Promise<void> | undefined;
  const writeChanged = () => {
    nextWrite = undefined;
    const principals = [...changed];
    changed.clear();
    const present = principals.filter((p) => (counts.get(p) ?? 0) > 0);
    const gone = principals.filter((p) => (counts.get(p) ?? 0) === 0);
    return pool.query(
      `WITH gone AS (DELETE FROM gateway.presence WHERE gateway_id = $1 AND principal = ANY($5::text[]))
       INSERT INTO gateway.presence (gateway_id, principal, sockets, expires_at)
       SELECT $1, u, n, now() + $4 * interval '1 millisecond' FROM unnest($2::text[], $3::int[]) AS t(u, n)
       ON CONFLICT (gateway_id, principal) DO UPDATE SET sockets = excluded.sockets, expires_at = excluded.expires_at`,
      [gatewayId, present, present.map((p) => counts.get(p)), ttlMs, gone],
    );
  };
  const sync = (principal: PrincipalKey): Promise<void> => {
    changed.add(principal);
    return (nextWrite ??= enqueue(writeChanged));
  };
  const refresh = () =>
    enqueue(async () => {
      const users = [...counts.entries()].filter(([, n]) => n > 0);
      if (users.length > 0) {
        await pool.query(
          `INSERT INTO gateway.presence (gateway_id, principal, sockets, expires_at)
           SELECT $1, u, n, now() + $4 * interval '1 millisecond' FROM unnest($2::text[], $3::int[]) AS t(u, n)
           ON CONFLICT (gateway_id, principal) DO UPDATE SET sockets = excluded.sockets, expires_at = excluded.expires_at`,
          [gatewayId, users.map(([u]) => u), users.map(([, n]) => n), ttlMs],
        );
      }
      // Rows of replicas that died long ago: nobody else removes them.
      await pool.query(`DELETE FROM gateway.presence WHERE expires_at < now() - interval '1 hour'`);
    });
  const timer = setInterval(() => void refresh(), refreshMs);
  timer.unref();

  return {
    connected(principal) {
      counts.set(principal, (counts.get(principal) ?? 0) + 1);
      return sync(principal);
    },
    disconnected(principal) {
      const left = (counts.get(principal) ?? 1) - 1;
      if (left > 0) counts.set(principal, left);
      else counts.delete(principal);
      void sync(principal);
    },
    openSockets: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
    async isPresent(principal) {
      const { rows } = await pool.query<{ present: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM gateway.presence WHERE principal = $1 AND sockets > 0 AND expires_at > now()) AS present',
        [principal],
      );
      return rows[0]!.present;
    },
    async close() {
      clearInterval(timer);
      counts.clear();
      await enqueue(() => pool.query('DELETE FROM gateway.presence WHERE gateway_id = $1', [gatewayId]));
    },
  };
}
