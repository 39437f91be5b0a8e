import type { DomainErrorCode } from '@tenantry/tenant-domain';

/** Every code a client can see in `extensions.code` or a problem's `code`. */
export type ErrorCode =
  | DomainErrorCode
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

export interface CodeEntry {
  /** HTTP status of the REST problem (and of a GraphQL request that fails as a whole). */
  status: number;
  /** Short, stable summary: the problem's `title`. */
  title: string;
}

/** The one code table; GraphQL and REST both map from it. */
export const ERROR_CODES: Record<ErrorCode, CodeEntry> = {
  BAD_USER_INPUT: { status: 400, title: 'Invalid input' },
  TENANT_EXISTS: { status: 400, title: 'Tenant already exists' },
  ROOT_TENANT_IMMUTABLE: { status: 400, title: 'Root tenant is immutable' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  INVALID_STATE: { status: 409, title: 'Invalid state' },
  UNAUTHENTICATED: { status: 401, title: 'Unauthenticated' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  /** REST only: the resource exists, the method does not. */
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  /** REST only (GraphQL answers 413 before it parses): the body is over HTTP_MAX_BODY_BYTES. */
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  /** Too many failed logins for an account or from an address; `retryAfterSeconds` / Retry-After say when to try again. */
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  INTERNAL: { status: 500, title: 'Internal error' },
};

export const isErrorCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
