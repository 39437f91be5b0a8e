import fc from 'fast-check';
import { ValidationFailed } from './errors';
import { PROFILE_FIELDS } from './profile';
import {
  CreateTenantInput,
  PASSWORD_POLICY,
  SLUG_MESSAGE,
  TenantIdInput,
  UpdateTenantInput,
  meetsPasswordPolicy,
  parseInput,
} from './input';
import { MAX_TENANT_ID_LENGTH, SLUG_PATTERN } from './vocabulary';

const valid = {
  id: 'acme',
  name: 'Acme',
  adminEmail: 'admin@acme.test',
  adminPassword: 'Correct-horse1',
};

/** The field errors parseInput throws, or [] when it accepts. */
function fieldErrors(schema: Parameters<typeof parseInput>[0], raw: unknown) {
  try {
    parseInput(schema, raw);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).code).toBe('BAD_USER_INPUT');
    return (error as ValidationFailed).fields;
  }
}
const createErrors = (overrides: Record<string, unknown>) => fieldErrors(CreateTenantInput, { ...valid, ...overrides });
const messageFor = (field: string, overrides: Record<string, unknown>) =>
  createErrors(overrides).find((e) => e.field === field)?.message;

describe('CreateTenantInput', () => {
  it('accepts a valid input, defaulting to a SHARED database and NORMAL priority', () =>
    expect(parseInput(CreateTenantInput, valid)).toEqual({ ...valid, database: 'SHARED', priority: 'NORMAL' }));

  it('trims and lower-cases the admin email, trims the name', () =>
    expect(
      parseInput(CreateTenantInput, { ...valid, adminEmail: '  Admin@Acme.TEST ', name: '  Acme  ' }),
    ).toMatchObject({ adminEmail: 'admin@acme.test', name: 'Acme' }));

  describe('id', () => {
    it.each(['acme', 'a', '42', 'acme-co', 'a1-b2-c3', 'x'.repeat(MAX_TENANT_ID_LENGTH)])('accepts the slug %p', (id) =>
      expect(createErrors({ id })).toEqual([]),
    );

    it.each(['Acme', 'acme_co', 'acme co', '-acme', 'acme-', 'acme--co', 'café', 'acme.co', 'acme/..', 'ACME'])(
      'refuses %p as not a slug',
      (id) =>
        expect(messageFor('id', { id })).toBe(
          'Tenant Id must be a slug (lowercase letters, numbers, and hyphens only).',
        ),
    );

    it('requires an id', () => {
      expect(messageFor('id', { id: '' })).toBe('Tenant Id is required.');
      expect(messageFor('id', { id: undefined })).toBe('Tenant Id is required.');
    });

    it(`refuses more than ${MAX_TENANT_ID_LENGTH} characters`, () =>
      expect(messageFor('id', { id: 'x'.repeat(MAX_TENANT_ID_LENGTH + 1) })).toBe(
        `Tenant Id must be at most ${MAX_TENANT_ID_LENGTH} characters.`,
      ));

    it('property: any slug up to the maximum length is accepted as id', () =>
      fc.assert(
        fc.property(
          fc.stringMatching(SLUG_PATTERN).filter((s) => s.length <= MAX_TENANT_ID_LENGTH),
          (id) => {
            expect(parseInput(TenantIdInput, id)).toBe(id);
            expect(createErrors({ id })).toEqual([]);
          },
        ),
      ));

    it('property: any id with a character outside [a-z0-9-] is refused as not a slug', () =>
      fc.assert(
        fc.property(
          fc.string({ maxLength: 20 }),
          fc.string({ minLength: 1, maxLength: 1 }).filter((c) => !/[a-z0-9-]/.test(c)),
          fc.string({ maxLength: 20 }),
          (before, bad, after) => {
            expect(fieldErrors(TenantIdInput, before + bad + after)).toEqual([
              { field: 'input', message: SLUG_MESSAGE },
            ]);
          },
        ),
      ));
  });

  describe('text no database can store', () => {
    it.each([
      ['NUL', 'Acme\u0000FC'],
      ['a lone surrogate', 'Acme \uD800'],
    ])('refuses %s in a name, an email or a password', (_, bad) => {
      expect(messageFor('name', { name: bad })).toBe('Name must not contain NUL or invalid characters.');
      expect(messageFor('adminEmail', { adminEmail: `a${bad}@acme.test` })).toBe(
        'Admin email must not contain NUL or invalid characters.',
      );
      expect(messageFor('adminPassword', { adminPassword: `Correct-Horse-1${bad}` })).toBe(
        'Admin password must not contain NUL or invalid characters.',
      );
    });
    it('accepts a name with characters outside the BMP', () => expect(createErrors({ name: 'Acme 🚀' })).toEqual([]));
  });

  describe('lengths checked before anything is hashed', () => {
    it('refuses an email over 254 characters', () =>
      expect(messageFor('adminEmail', { adminEmail: `${'a'.repeat(250)}@acme.test` })).toBe(
        'Admin email must be at most 254 characters.',
      ));
    it('refuses a password over 256 characters', () =>
      expect(messageFor('adminPassword', { adminPassword: `Aa1-${'x'.repeat(1_000_000)}` })).toBe(
        'Admin password must be at most 256 characters.',
      ));
  });

  describe('name', () => {
    it.each(['', '   ', undefined])('is required (%p)', (name) =>
      expect(messageFor('name', { name })).toBe('Name is required.'),
    );
    it('is at most 100 characters', () => {
      expect(createErrors({ name: 'n'.repeat(100) })).toEqual([]);
      expect(messageFor('name', { name: 'n'.repeat(101) })).toBe('Name must be at most 100 characters.');
    });
  });

  describe('adminEmail', () => {
    it.each(['nope', 'a@', '@acme.test', 'admin@', 'admin acme@acme.test', ''])('refuses %p', (adminEmail) =>
      expect(messageFor('adminEmail', { adminEmail })).toBe('Admin email must be a valid email address.'),
    );
    it('is required', () =>
      expect(messageFor('adminEmail', { adminEmail: undefined })).toBe('Admin email is required.'));
  });

  describe('adminPassword', () => {
    it.each([
      ['Correct-horse1', 'lower, upper, digit, symbol'],
      ['CorrectHorse12', 'lower, upper, digit'],
      ['correct-horse1', 'lower, digit, symbol'],
      ['CORRECT-HORSE1', 'upper, digit, symbol'],
      ['Correct-Horse!', 'lower, upper, symbol'],
      ['Abcdefghijk1', 'exactly 12 characters, three classes'],
      ['Pässwörd-ÄÖÜ', 'non-ASCII letters count as symbols'],
    ])('accepts %p (%s)', (adminPassword) => {
      expect(meetsPasswordPolicy(adminPassword)).toBe(true);
      expect(createErrors({ adminPassword })).toEqual([]);
    });

    it.each([
      ['Abcdefghij1', '11 characters, three classes'],
      ['Ab1-', 'short'],
      ['', 'empty'],
      ['abcdefghijkl', '12 characters, lower only'],
      ['correcthorse123', 'lower and digits only'],
      ['CORRECT-HORSE!', 'upper and symbols only'],
      ['correctHORSEbattery', 'lower and upper only'],
      ['123456789012', 'digits only'],
    ])('refuses %p (%s) with the policy', (adminPassword) => {
      expect(meetsPasswordPolicy(adminPassword)).toBe(false);
      expect(messageFor('adminPassword', { adminPassword })).toBe(
        'Password must be at least 12 characters and use at least three of: lower case, upper case, digits, symbols.',
      );
    });

    it('is required', () =>
      expect(messageFor('adminPassword', { adminPassword: undefined })).toBe('Admin password is required.'));

    it('never repeats the password in the error', () => {
      const error = (() => {
        try {
          parseInput(CreateTenantInput, { ...valid, adminPassword: 'hunter2' });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error?.message).not.toContain('hunter2');
    });

    it('property: any password shorter than 12 characters is refused', () =>
      fc.assert(
        fc.property(
          fc.string({ maxLength: 11, unit: 'grapheme' }).filter((p) => p.length < 12),
          (adminPassword) => {
            expect(meetsPasswordPolicy(adminPassword)).toBe(false);
            expect(messageFor('adminPassword', { adminPassword })).toBe(PASSWORD_POLICY);
          },
        ),
      ));

    it('property: 12+ characters drawing on three classes are accepted', () => {
      const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');
      const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
      const digit = fc.constantFrom(...'0123456789');
      const symbol = fc.constantFrom(...'!@#$%^&*()-_=+[]{};:,.<>/?~ ');
      const threeClasses = fc.subarray([lower, upper, digit, symbol], { minLength: 3, maxLength: 3 });
      fc.assert(
        fc.property(
          threeClasses.chain((classes) =>
            fc.tuple(fc.tuple(...classes), fc.array(fc.oneof(...classes), { minLength: 9, maxLength: 30 })),
          ),
          ([required, rest]) => {
            const adminPassword = [...required, ...rest].join('');
            expect(meetsPasswordPolicy(adminPassword)).toBe(true);
            expect(createErrors({ adminPassword })).toEqual([]);
          },
        ),
      );
    });
  });

  describe('database and connectionString', () => {
    it('accepts ISOLATED without a connection string', () =>
      expect(createErrors({ database: 'ISOLATED' })).toEqual([]));

    it.each(['postgres://user:pw@db.example:5432/acme', 'postgresql://user:pw@db.example:5432/acme?sslmode=require'])(
      'EXTERNAL accepts %p',
      (connectionString) => expect(createErrors({ database: 'EXTERNAL', connectionString })).toEqual([]),
    );

    it.each([undefined, null, ''])('EXTERNAL requires a connection string (%p)', (connectionString) =>
      expect(messageFor('connectionString', { database: 'EXTERNAL', connectionString })).toBe(
        'A connection string is required for an EXTERNAL database.',
      ),
    );

    it.each(['mysql://db.example/acme', 'not a url', 'db.example/acme'])(
      'EXTERNAL refuses %p: a postgres URL is needed',
      (connectionString) =>
        expect(messageFor('connectionString', { database: 'EXTERNAL', connectionString })).toBe(
          'Connection string must be a postgres:// URL.',
        ),
    );

    it.each([
      ['postgres://db.example', 'port, database, user, password'],
      ['postgres://u:pw@db.example:5432/', 'database'],
      ['postgres://u@db.example:5432/acme', 'password'],
      ['postgres://u:pw@db.example/acme', 'port'],
    ])('EXTERNAL refuses %p: it names what is missing (%s)', (connectionString, missing) =>
      expect(messageFor('connectionString', { database: 'EXTERNAL', connectionString })).toBe(
        `Connection string must name a host, port, database, user and password (missing: ${missing}).`,
      ),
    );

    it.each(['host=/var/run/postgresql', 'sslcert=/etc/shadow', 'sslkey=/k', 'sslrootcert=/r', 'options=-c%20x=y'])(
      'EXTERNAL refuses the parameter %p (only sslmode is kept)',
      (parameter) =>
        expect(
          messageFor('connectionString', {
            database: 'EXTERNAL',
            connectionString: `postgres://u:pw@db.example:5432/acme?${parameter}`,
          }),
        ).toMatch(/^Connection string parameters other than sslmode are not accepted/),
    );

    it('refuses a connection string over 2,048 characters', () =>
      expect(
        messageFor('connectionString', {
          database: 'EXTERNAL',
          connectionString: `postgres://u:pw@db.example:5432/${'a'.repeat(2_100)}`,
        }),
      ).toBe('Connection string must be at most 2048 characters.'));

    it.each(['SHARED', 'ISOLATED', undefined])('refuses a connection string for %p', (database) =>
      expect(messageFor('connectionString', { database, connectionString: 'postgres://db.example/acme' })).toBe(
        'A connection string is only accepted for an EXTERNAL database.',
      ),
    );

    it('refuses an unknown database mode', () =>
      expect(createErrors({ database: 'CLOUD' }).map((e) => e.field)).toEqual(['database']));
  });

  describe('reports every failing field at once', () => {
    it('when every value is wrong', () =>
      expect(
        createErrors({
          id: 'Bad Id',
          name: ' ',
          adminEmail: 'nope',
          adminPassword: 'short',
          database: 'EXTERNAL',
          connectionString: 'mysql://x/y',
        }),
      ).toEqual([
        { field: 'id', message: SLUG_MESSAGE },
        { field: 'name', message: 'Name is required.' },
        { field: 'adminEmail', message: 'Admin email must be a valid email address.' },
        { field: 'adminPassword', message: PASSWORD_POLICY },
        { field: 'connectionString', message: 'Connection string must be a postgres:// URL.' },
      ]));

    it('when values are missing, the connection string included', () =>
      expect(fieldErrors(CreateTenantInput, { database: 'EXTERNAL' }).map((e) => e.field)).toEqual([
        'id',
        'name',
        'adminEmail',
        'adminPassword',
        'connectionString',
      ]));

    it('a connection string for SHARED alongside other errors', () =>
      expect(createErrors({ id: 'Bad', connectionString: 'postgres://db/acme' }).map((e) => e.field)).toEqual([
        'id',
        'connectionString',
      ]));

    it('one message per field', () =>
      expect(createErrors({ id: '-'.repeat(60) }).filter((e) => e.field === 'id')).toHaveLength(1));

    it('the ValidationFailed message lists the fields', () => {
      expect(() => parseInput(CreateTenantInput, { ...valid, id: 'Bad', name: '' })).toThrow(
        `id: ${SLUG_MESSAGE} name: Name is required.`,
      );
    });

    it('a non-object input is one error on "input"', () =>
      expect(fieldErrors(CreateTenantInput, null).map((e) => e.field)).toEqual(['input']));
  });
});

describe('UpdateTenantInput', () => {
  it.each([{ name: 'New' }, { isActive: false }, { name: 'New', isActive: true }])('accepts %p', (input) =>
    expect(parseInput(UpdateTenantInput, input)).toEqual(input),
  );

  it('needs at least one change, naming every field an update may change', () =>
    expect(fieldErrors(UpdateTenantInput, {})).toEqual([
      { field: 'name', message: `Give a new ${[...PROFILE_FIELDS].join(', ')} or isActive.` },
    ]));

  it('validates the name like creation does', () =>
    expect(fieldErrors(UpdateTenantInput, { name: '  ' })).toEqual([{ field: 'name', message: 'Name is required.' }]));

  it('needs isActive to be a boolean', () =>
    expect(fieldErrors(UpdateTenantInput, { isActive: 'yes' })).toEqual([
      { field: 'isActive', message: 'isActive must be true or false.' },
    ]));
});
