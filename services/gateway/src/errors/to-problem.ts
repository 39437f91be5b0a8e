import { z } from 'zod';
import { classifyError } from './classify-error';
import { ERROR_CODES, ErrorCode } from './error-codes';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemTypeOf = (code: ErrorCode): string =>
  `urn:tenantry:problem:${code.toLowerCase().replace(/_/g, '-')}`;

const CODES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** RFC 9457 problem details, plus our `code` and, for validation, `errors` by field. */
export const ProblemDetails = z.object({
  type: z
    .enum(CODES.map(problemTypeOf) as [string, ...string[]])
    .meta({ description: 'urn:tenantry:problem:<code in kebab case>' }),
  title: z.string().meta({ description: "The code's short, stable summary." }),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum(CODES),
  errors: z
    .record(z.string(), z.array(z.string()))
    .optional()
    .meta({ description: 'BAD_USER_INPUT: the messages of every failing field, by field.' }),
  retryAfterSeconds: z
    .number()
    .int()
    .optional()
    .meta({ description: 'RATE_LIMITED: seconds until a retry may succeed (also the Retry-After header).' }),
});
export type ProblemDetails = z.infer<typeof ProblemDetails>;

export function toProblem(error: unknown, onUnexpected?: (error: unknown) => void): ProblemDetails {
  const classified = classifyError(error);
  if (classified.unexpected) onUnexpected?.(error);
  const { status, title } = ERROR_CODES[classified.code];
  const problem: ProblemDetails = {
    type: problemTypeOf(classified.code),
    title,
    status,
    detail: classified.message,
    code: classified.code,
  };
  if (classified.retryAfterSeconds !== undefined) problem.retryAfterSeconds = classified.retryAfterSeconds;
  if (classified.fields) {
    problem.errors = {};
    for (const { field, message } of classified.fields) (problem.errors[field] ??= []).push(message);
  }
  return problem;
}
