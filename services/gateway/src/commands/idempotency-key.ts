import { IDEMPOTENCY_KEY_MAX_LENGTH } from '@tenantry/tenant-domain';
import { EdgeError } from '../errors';

export const IDEMPOTENCY_KEY_RULE = `An idempotency key is 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters.`;

/**
 * The key of a command, from the request's own (argument or header) or else the input's
 * `idempotencyKey` field, and the input without that field (tenant-command's inputs are
 * strict). A key given but unusable is BAD_USER_INPUT; none at all is undefined.
 */
export function withoutIdempotencyKey(
  input: unknown,
  given: string | null | undefined,
): { input: unknown; idempotencyKey?: string } {
  let fromInput: unknown;
  let rest = input;
  if (input && typeof input === 'object' && !Array.isArray(input) && 'idempotencyKey' in input) {
    const { idempotencyKey, ...others } = input as Record<string, unknown>;
    fromInput = idempotencyKey;
    rest = others;
  }
  const key = given ?? fromInput ?? undefined;
  if (key === undefined || key === null) return { input: rest };
  if (typeof key !== 'string' || key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw new EdgeError('BAD_USER_INPUT', IDEMPOTENCY_KEY_RULE, [
      { field: 'idempotencyKey', message: IDEMPOTENCY_KEY_RULE },
    ]);
  }
  return { input: rest, idempotencyKey: key };
}
