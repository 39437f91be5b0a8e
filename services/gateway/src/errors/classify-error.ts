import { isDomainError, type FieldError } from '@tenantry/tenant-domain';
import { EdgeError, RateLimited } from './edge-error';
import { ErrorCode } from './error-codes';
import { ReadModelBehind } from '@tenantry/read-model';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './database-unavailable';

export interface ClassifiedError {
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
  /** True when the original was not raised on purpose: log it, show only the generic message. */
  unexpected: boolean;
  /** RATE_LIMITED: when the client may try again. */
  retryAfterSeconds?: number;
}

export const UNEXPECTED_MESSAGE = 'Unexpected error.';

/**
 * The single decision of what a client may learn about an error: domain and edge
 * errors keep their code and message; anything else becomes INTERNAL with a
 * generic message (driver errors may quote connection strings).
 */
export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof RateLimited)
    return { code: error.code, message: error.message, unexpected: false, retryAfterSeconds: error.retryAfterSeconds };
  if (error instanceof EdgeError && error.code !== 'INTERNAL') {
    return { code: error.code, message: error.message, fields: error.fields, unexpected: false };
  }
  if (isDomainError(error)) {
    return { code: error.code, message: error.message, fields: error.fields, unexpected: false };
  }
  if (error instanceof Error && error.name === 'InvalidCursor') {
    return {
      code: 'BAD_USER_INPUT',
      message: error.message,
      fields: [{ field: 'after', message: 'Not a cursor this feed gave out.' }],
      unexpected: false,
    };
  }
  if (error instanceof ReadModelBehind)
    return { code: 'SERVICE_UNAVAILABLE', message: error.message, unexpected: false };
  // The driver's message may quote a connection string: the client gets ours.
  if (isDatabaseUnavailable(error))
    return { code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE, unexpected: false };
  return { code: 'INTERNAL', message: UNEXPECTED_MESSAGE, unexpected: true };
}
