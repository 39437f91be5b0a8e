import type { FieldError } from '@tenantry/tenant-domain';
import type { ErrorCode } from './error-codes';

/**
 * An error the gateway raises on purpose, with a code from the table: its message
 * is meant for the client. Everything else that reaches an edge is masked.
 */
export class EdgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EdgeError';
  }
}

export class Unauthenticated extends EdgeError {
  constructor(message = 'Authentication required', options?: { cause?: unknown }) {
    super('UNAUTHENTICATED', message, undefined, options);
  }
}

export class Forbidden extends EdgeError {
  constructor(message = 'Forbidden') {
    super('FORBIDDEN', message);
  }
}

export class ServiceUnavailable extends EdgeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SERVICE_UNAVAILABLE', message, undefined, options);
  }
}

/** Too many failed logins: refused, whatever the password, until `retryAfterSeconds` have passed. */
export class RateLimited extends EdgeError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many failed logins: try again in ${retryAfterSeconds} s`);
  }
}

/** The one message for every failed login, whatever was wrong. */
export const INVALID_LOGIN = 'Invalid email or password';
