import { redactCredentials } from '@tenantry/config';

/**
 * An error as the gateway logs it: class, code, and the message with any credentials
 * removed (driver errors can quote connection strings). Stack only in debug runs.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: redactCredentials(String(error)) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(code !== undefined ? { code } : {}),
    message: redactCredentials(error.message),
    ...(error.cause !== undefined ? { cause: loggableError(error.cause) } : {}),
  };
}
