import { classifyError } from './classify-error';
import { ERROR_CODES, ErrorCode } from './error-codes';

/** RFC 9457 problem details, plus our `code` and, for validation, `errors` by field. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: Record<string, string[]>;
  /** RATE_LIMITED: seconds until a retry may succeed (also the Retry-After header). */
  retryAfterSeconds?: number;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemTypeOf = (code: ErrorCode): string => `urn:tenantry:problem:${code.toLowerCase().replace(/_/g, '-')}`;

export function toProblem(error: unknown, onUnexpected?: (error: unknown) => void): ProblemDetails {
  const classified = classifyError(error);
  if (classified.unexpected) onUnexpected?.(error);
  const { status, title } = ERROR_CODES[classified.code];
  const problem: ProblemDetails = { type: problemTypeOf(classified.code), title, status, detail: classified.message, code: classified.code };
  if (classified.retryAfterSeconds !== undefined) problem.retryAfterSeconds = classified.retryAfterSeconds;
  if (classified.fields) {
    problem.errors = {};
    for (const { field, message } of classified.fields) (problem.errors[field] ??= []).push(message);
  }
  return problem;
}
