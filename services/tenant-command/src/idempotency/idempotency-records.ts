import type { CommandReply } from '@tenantry/tenant-domain';

/** How long a key is remembered: the same key within this window is answered, not acted on. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** A claim left unanswered this long belongs to a process that died mid-command: another may take it over. */
export const ABANDONED_CLAIM_MS = 30_000;

/** One key of one principal. */
export interface IdempotencyScope {
  principal: string;
  key: string;
}

/** What claiming a key found: it is ours to act on, or someone answered it or is acting on it. */
export type Claim =
  | { kind: 'claimed' }
  | { kind: 'answered'; requestHash: string; reply: CommandReply }
  | { kind: 'pending'; requestHash: string };

/**
 * Where the keys live. `claim` is atomic: of two concurrent claims of one key, one is
 * `claimed` and the other sees it `pending`. Expired keys (and abandoned claims) count
 * as absent.
 */
export interface IdempotencyRecords {
  claim(scope: IdempotencyScope, requestHash: string): Promise<Claim>;
  /** Records the first answer of a claimed key. */
  answer(scope: IdempotencyScope, reply: CommandReply): Promise<void>;
  /** Forgets a claim whose command failed unexpectedly, so that a retry acts again. */
  release(scope: IdempotencyScope): Promise<void>;
}

/** In memory, for tests of the handlers: one process, the same rules. */
export function inMemoryIdempotencyRecords(now: () => number = Date.now): IdempotencyRecords {
  const rows = new Map<string, { requestHash: string; reply?: CommandReply; createdAt: number }>();
  const id = (scope: IdempotencyScope) => JSON.stringify([scope.principal, scope.key]);
  return {
    claim(scope, requestHash) {
      const row = rows.get(id(scope));
      const age = row ? now() - row.createdAt : Infinity;
      if (!row || age >= IDEMPOTENCY_WINDOW_MS || (!row.reply && age >= ABANDONED_CLAIM_MS)) {
        rows.set(id(scope), { requestHash, createdAt: now() });
        return Promise.resolve({ kind: 'claimed' });
      }
      return Promise.resolve(
        row.reply
          ? { kind: 'answered', requestHash: row.requestHash, reply: row.reply }
          : { kind: 'pending', requestHash: row.requestHash },
      );
    },
    answer(scope, reply) {
      const row = rows.get(id(scope));
      if (row) row.reply = reply;
      return Promise.resolve();
    },
    release(scope) {
      rows.delete(id(scope));
      return Promise.resolve();
    },
  };
}
