import { z } from 'zod';
import { DatabaseMode, MAX_TENANT_ID_LENGTH, Priority, SLUG_PATTERN } from './vocabulary';
import { FieldError, ValidationFailed } from './errors';
import { connectionStringProblem } from './external-database';
import { PROFILE_FIELDS, PROFILE_INPUT } from './profile';
import { storableText as text } from './storable-text';

export const MAX_EMAIL_LENGTH = 254;
export const MAX_PASSWORD_LENGTH = 256;

export const SLUG_MESSAGE = 'Tenant Id must be a slug (lowercase letters, numbers, and hyphens only).';
export const PASSWORD_POLICY =
  'Password must be at least 12 characters and use at least three of: lower case, upper case, digits, symbols.';

const CHARACTER_CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];
export const meetsPasswordPolicy = (password: string): boolean =>
  password.length >= 12 && CHARACTER_CLASSES.filter((c) => c.test(password)).length >= 3;

const tenantId = z
  .string({ error: 'Tenant Id is required.' })
  .min(1, 'Tenant Id is required.')
  .max(MAX_TENANT_ID_LENGTH, `Tenant Id must be at most ${MAX_TENANT_ID_LENGTH} characters.`)
  .regex(SLUG_PATTERN, SLUG_MESSAGE);

export const CreateTenantInput = z
  .object({
    id: tenantId,
    ...PROFILE_INPUT,
    adminEmail: text('Admin email')
      .max(MAX_EMAIL_LENGTH, `Admin email must be at most ${MAX_EMAIL_LENGTH} characters.`)
      .trim()
      .toLowerCase()
      .pipe(z.email('Admin email must be a valid email address.')),
    // The length is checked before the policy, and both before anything hashes it.
    adminPassword: text('Admin password')
      .max(MAX_PASSWORD_LENGTH, `Admin password must be at most ${MAX_PASSWORD_LENGTH} characters.`)
      .refine(meetsPasswordPolicy, PASSWORD_POLICY)
      .meta({ description: PASSWORD_POLICY }),
    database: DatabaseMode.default('SHARED'),
    connectionString: text('Connection string').nullish().meta({
      description: 'EXTERNAL only (and required there): the postgres:// URL of the database the tenant brings.',
    }),
    priority: Priority.default('NORMAL'),
  })
  .superRefine(
    (input, ctx) => {
      const external = input.database === 'EXTERNAL';
      if (external && !input.connectionString) {
        ctx.addIssue({
          code: 'custom',
          path: ['connectionString'],
          message: 'A connection string is required for an EXTERNAL database.',
        });
      } else if (external && connectionStringProblem(input.connectionString!)) {
        ctx.addIssue({
          code: 'custom',
          path: ['connectionString'],
          message: connectionStringProblem(input.connectionString!)!,
        });
      } else if (!external && input.connectionString) {
        ctx.addIssue({
          code: 'custom',
          path: ['connectionString'],
          message: 'A connection string is only accepted for an EXTERNAL database.',
        });
      }
    },
    {
      // Check the pair even when other fields failed, so every failing field is reported at once.
      when: ({ value, issues }) =>
        typeof value === 'object' &&
        value !== null &&
        !issues.some((issue) => issue.path?.[0] === 'database' || issue.path?.[0] === 'connectionString'),
    },
  );
export type CreateTenantInput = z.output<typeof CreateTenantInput>;

/** What an update may change, in the order its refusal of an empty update names them. */
const CHANGEABLE = [...PROFILE_FIELDS, 'isActive'];

export const UpdateTenantInput = z
  .object(PROFILE_INPUT)
  .partial()
  .extend({ isActive: z.boolean({ error: 'isActive must be true or false.' }).optional() })
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    message: `Give a new ${CHANGEABLE.slice(0, -1).join(', ')} or ${CHANGEABLE.at(-1)}.`,
    path: [CHANGEABLE[0]!],
  });
export type UpdateTenantInput = z.output<typeof UpdateTenantInput>;

export const TenantIdInput = tenantId;

/** Parses with the schema or throws ValidationFailed listing every failing field once. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const fields: FieldError[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'input';
    if (!fields.some((f) => f.field === field)) fields.push({ field, message: issue.message });
  }
  throw new ValidationFailed(fields);
}
