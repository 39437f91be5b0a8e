import fc from 'fast-check';
import { CreateTenantInput, parseInput, ValidationFailed } from '@tenantry/tenant-domain';
import {
  emptyCreateTenantForm,
  meetsPasswordPolicy,
  SLUG_MESSAGE,
  toCreateTenantInput,
  validateCreateTenant,
  type CreateTenantForm,
} from './validation';

const valid: CreateTenantForm = {
  ...emptyCreateTenantForm(),
  id: 'acme-fc',
  name: 'Acme FC',
  adminEmail: 'admin@acme.example',
  adminPassword: 'Correct-Horse-42',
};

/** What the server says about the same form: messages by field, or none. */
function serverMessages(form: CreateTenantForm): Record<string, string> {
  try {
    parseInput(CreateTenantInput, toCreateTenantInput(form));
    return {};
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    return Object.fromEntries(error.fields.map((f) => [f.field, f.message]));
  }
}

describe('create tenant form checks', () => {
  it('accept a complete form', () => expect(validateCreateTenant(valid)).toEqual({}));

  it('name the slug rule in the server’s words', () =>
    expect(validateCreateTenant({ ...valid, id: 'Acme FC!' }).id).toBe(SLUG_MESSAGE));

  it('report every failing field at once', () =>
    expect(Object.keys(validateCreateTenant(emptyCreateTenantForm())).sort()).toEqual([
      'adminEmail',
      'adminPassword',
      'id',
      'name',
    ]));

  it('ask for a postgres URL with a database only for EXTERNAL', () => {
    expect(validateCreateTenant({ ...valid, database: 'EXTERNAL' }).connectionString).toMatch(/required/);
    expect(
      validateCreateTenant({ ...valid, database: 'EXTERNAL', connectionString: 'mysql://x/y' }).connectionString,
    ).toMatch(/postgres/);
    expect(
      validateCreateTenant({ ...valid, database: 'EXTERNAL', connectionString: 'postgres://u:pw@127.0.0.1:1/x' }),
    ).toEqual({});
    expect(validateCreateTenant({ ...valid, database: 'SHARED', connectionString: 'left over' })).toEqual({});
  });

  it('send the connection string only for EXTERNAL, keeping it in the form', () => {
    const form = { ...valid, connectionString: 'postgres://h/db' };
    expect(toCreateTenantInput(form)).not.toHaveProperty('connectionString');
    expect(toCreateTenantInput({ ...form, database: 'EXTERNAL' })).toHaveProperty(
      'connectionString',
      'postgres://h/db',
    );
  });

  it.each([
    ['short1A!', false],
    ['alllowercase1', false],
    ['alllowercaseA', false],
    ['alllowercaseA1', true],
    ['ALLUPPER-1234', true],
    ['Tenantry-Admin-2026!', true],
  ])('password %s meets the policy: %s', (password, meets) => expect(meetsPasswordPolicy(password)).toBe(meets));

  it('agree with the server on the same input, field by field', () => {
    const text = fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        'acme',
        'Acme',
        'a-b',
        '-a',
        'a--b',
        'x'.repeat(51),
        'ok@x.io',
        'a@b',
        'A.b@example.com',
        'Passw0rd-long',
        'short',
        'postgres://h/db',
        'postgres://h',
        'http://h/db',
      ),
      fc.string({ maxLength: 14 }),
    );
    const form = fc.record({
      id: text,
      name: text,
      adminEmail: text,
      adminPassword: text,
      connectionString: text,
      database: fc.constantFrom('SHARED', 'ISOLATED', 'EXTERNAL'),
      priority: fc.constantFrom('LOW', 'NORMAL', 'HIGH'),
    }) as fc.Arbitrary<CreateTenantForm>;
    fc.assert(
      fc.property(form, (f) => expect(validateCreateTenant(f)).toEqual(serverMessages(f))),
      { numRuns: 500 },
    );
  });
});
