import type { Pool } from 'pg';

export interface AppendNotifier {
  /** Announces appends that have committed; coalesced, never waited for by the appender. */
  notify(): void;
  /** Settles when no announcement is in flight. */
  drained(): Promise<void>;
}

/**
 * NOTIFYs listeners after an append committed, in a transaction of its own. Inside the
 * append it would serialise commits: PostgreSQL takes a server-wide lock for a
 * notifying transaction's commit and holds it through the WAL flush, so concurrent
 * appends could not share a flush (group commit). This transaction commits without
 * waiting for the flush: a lost notification only delays listeners until their poll.
 * At most one is in flight; appends meanwhile are announced by one more after it.
 * The payload names the announcing process (`origin`), whose own followers were woken
 * already and ignore it.
 */
export function appendNotifier(
  pool: Pool,
  channel: string,
  origin: string,
  onError: (error: unknown) => void,
): AppendNotifier {
  let inFlight: Promise<void> | undefined;
  let again = false;
  const send = (): void => {
    inFlight = pool
      .query(`SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, $2)`, [channel, origin])
      .then(() => undefined, onError)
      .finally(() => {
        inFlight = undefined;
        if (again) {
          again = false;
          send();
        }
      });
  };
  return {
    notify() {
      if (inFlight) again = true;
      else send();
    },
    async drained() {
      while (inFlight) await inFlight;
    },
  };
}
