import { connectionStringProblem } from '@tenantry/tenant-domain';
import type { CreateTenantInput, DatabaseMode, Priority } from '../api/generated/graphql';
import type { FieldMessages } from './field-errors';

// The server's rules (libs/tenant-domain/src/input.ts), mirrored so the form answers at once;
// validation.spec.ts checks that both agree. The server still decides.
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_TENANT_ID_LENGTH = 50;
export const MAX_NAME_LENGTH = 100;
export const SLUG_MESSAGE = 'Tenant Id must be a slug (lowercase letters, numbers, and hyphens only).';
export const PASSWORD_POLICY =
  'Password must be at least 12 characters and use at least three of: lower case, upper case, digits, symbols.';
const EMAIL_MESSAGE = 'Admin email must be a valid email address.';

const CHARACTER_CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];
export const meetsPasswordPolicy = (password: string): boolean =>
  password.length >= 12 && CHARACTER_CLASSES.filter((c) => c.test(password)).length >= 3;

// The same pattern zod's z.email() uses by default.
const EMAIL_PATTERN =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
export const isEmail = (value: string): boolean => EMAIL_PATTERN.test(value.trim().toLowerCase());

/** What the create form holds: strings as typed, never cleared on an error. */
export interface CreateTenantForm {
  id: string;
  name: string;
  adminEmail: string;
  adminPassword: string;
  database: DatabaseMode;
  connectionString: string;
  priority: Priority;
}

export const emptyCreateTenantForm = (): CreateTenantForm => ({
  id: '',
  name: '',
  adminEmail: '',
  adminPassword: '',
  database: 'SHARED',
  connectionString: '',
  priority: 'NORMAL',
});

export function tenantIdMessage(id: string): string | undefined {
  if (id.length === 0) return 'Tenant Id is required.';
  if (id.length > MAX_TENANT_ID_LENGTH) return `Tenant Id must be at most ${MAX_TENANT_ID_LENGTH} characters.`;
  if (!SLUG_PATTERN.test(id)) return SLUG_MESSAGE;
  return undefined;
}

export function nameMessage(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'Name is required.';
  if (trimmed.length > MAX_NAME_LENGTH) return `Name must be at most ${MAX_NAME_LENGTH} characters.`;
  return undefined;
}

/** Only EXTERNAL sends a connection string (see toCreateTenantInput), so only EXTERNAL checks it. */
function connectionStringMessage(database: DatabaseMode, connectionString: string): string | undefined {
  if (database !== 'EXTERNAL') return undefined;
  if (!connectionString) return 'A connection string is required for an EXTERNAL database.';
  // The server's own check of its shape; which hosts it may reach, only the server knows.
  return connectionStringProblem(connectionString);
}

/** Every failing field at once, with the server's messages. */
export function validateCreateTenant(form: CreateTenantForm): FieldMessages {
  const messages: FieldMessages = {
    id: tenantIdMessage(form.id),
    name: nameMessage(form.name),
    adminEmail: isEmail(form.adminEmail) ? undefined : EMAIL_MESSAGE,
    adminPassword: meetsPasswordPolicy(form.adminPassword) ? undefined : PASSWORD_POLICY,
    connectionString: connectionStringMessage(form.database, form.connectionString),
  };
  return Object.fromEntries(Object.entries(messages).filter(([, m]) => m !== undefined));
}

/** The mutation input: the connection string only for EXTERNAL, so switching modes keeps what was typed. */
export function toCreateTenantInput(form: CreateTenantForm): CreateTenantInput {
  return {
    id: form.id,
    name: form.name.trim(),
    adminEmail: form.adminEmail.trim(),
    adminPassword: form.adminPassword,
    database: form.database,
    priority: form.priority,
    ...(form.database === 'EXTERNAL' ? { connectionString: form.connectionString } : {}),
  };
}
