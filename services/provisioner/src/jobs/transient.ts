/**
 * Errors worth another attempt: the network, a server starting or overloaded, a
 * serialization conflict. Anything else (bad SQL, missing permissions) fails at once.
 */
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPIPE',
]);
const TRANSIENT_SQLSTATE_CLASSES = ['08', '53', '57P0', '40001', '40P01'];

export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') {
    if (TRANSIENT_NODE_CODES.has(code)) return true;
    if (TRANSIENT_SQLSTATE_CLASSES.some((prefix) => code.startsWith(prefix))) return true;
  }
  const message = error instanceof Error ? error.message : '';
  if (/timeout|terminated unexpectedly|Connection terminated/i.test(message)) return true;
  const errors = (error as { errors?: unknown[] })?.errors;
  return Array.isArray(errors) && errors.some(isTransient);
}
