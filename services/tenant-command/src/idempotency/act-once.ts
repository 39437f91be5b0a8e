import { CommandReply, IdempotencyKeyReused } from '@tenantry/tenant-domain';
import { IdempotencyRecords, IdempotencyScope } from './idempotency-records';

export interface ActOnceOptions {
  /** How long to wait for a concurrent request with the same key to answer. */
  waitMs?: number;
  pollMs?: number;
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
  { waitMs = 10_000, pollMs = 100 }: ActOnceOptions = {},
): Promise<CommandReply> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const claim = await records.claim(scope, requestHash);
    if (claim.kind === 'claimed') return actClaimed(records, scope, act);
    if (claim.requestHash !== requestHash) return reused();
    if (claim.kind === 'answered') return claim.reply;
    if (Date.now() >= deadline) throw new Error(`idempotency key still in progress after ${waitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function actClaimed(
  records: IdempotencyRecords,
  scope: IdempotencyScope,
  act: () => Promise<CommandReply>,
): Promise<CommandReply> {
  let reply: CommandReply;
  try {
    reply = await act();
  } catch (error) {
    await records.release(scope).catch(() => undefined);
    throw error;
  }
  if (!reply.ok && reply.error.code === 'INTERNAL') await records.release(scope);
  else await records.answer(scope, reply);
  return reply;
}

function reused(): CommandReply {
  const error = new IdempotencyKeyReused();
  return { ok: false, error: { code: error.code, message: error.message, fields: error.fields } };
}
