import { CommandReply, IdempotencyKeyReused } from '@tenantry/tenant-domain';
import { IdempotencyRecords, IdempotencyScope } from './idempotency-records';

export interface ActOnceOptions {
  /** How long to wait for a concurrent request with the same key to answer. */
  waitMs?: number;
  pollMs?: number;
  /**
   * Told when recording the reply (or releasing the claim) failed. The reply does not wait
   * for that write: the key stays pending meanwhile, so a retry waits for it, and one that
   * never lands leaves the claim to be taken over once abandoned — as a crash right after
   * acting always did.
   */
  onRecordFailed?: (error: unknown) => void;
}

/**
 * Acts on a keyed request once: the first claim acts and records its reply; a later one
 * with the same request gets that reply, with another request IdempotencyKeyReused. An
 * unexpected failure (INTERNAL) is not recorded, so that a retry acts again.
 */
export async function actOnce(
  records: IdempotencyRecords,
  scope: IdempotencyScope,
  requestHash: string,
  act: () => Promise<CommandReply>,
  { waitMs = 10_000, pollMs = 100, onRecordFailed = () => undefined }: ActOnceOptions = {},
): Promise<CommandReply> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const claim = await records.claim(scope, requestHash);
    if (claim.kind === 'claimed') return actClaimed(records, scope, act, onRecordFailed);
    if (claim.requestHash !== requestHash) return reused();
    if (claim.kind === 'answered') return claim.reply;
    if (Date.now() >= deadline) throw new Error(`idempotency key still in progress after ${waitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * Acts, then records the reply — without waiting for that write: the reply is what the
 * client waits for, and a concurrent request with the key waits for the record anyway.
 */
async function actClaimed(
  records: IdempotencyRecords,
  scope: IdempotencyScope,
  act: () => Promise<CommandReply>,
  onRecordFailed: (error: unknown) => void,
): Promise<CommandReply> {
  let reply: CommandReply;
  try {
    reply = await act();
  } catch (error) {
    records.release(scope).catch(onRecordFailed);
    throw error;
  }
  const recorded = !reply.ok && reply.error.code === 'INTERNAL' ? records.release(scope) : records.answer(scope, reply);
  recorded.catch(onRecordFailed);
  return reply;
}

function reused(): CommandReply {
  const error = new IdempotencyKeyReused();
  return { ok: false, error: { code: error.code, message: error.message, fields: error.fields } };
}
