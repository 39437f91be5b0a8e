import {
  InvalidState,
  RootTenantImmutable,
  TenantAlreadyExists,
  TenantNotFound,
  ValidationFailed,
} from '@tenantry/tenant-domain';
import { Forbidden, ServiceUnavailable, Unauthenticated } from './edge-error';
import { toProblem } from './to-problem';

describe('the REST problem mapper', () => {
  it.each([
    [new TenantAlreadyExists('acme'), 400, 'TENANT_EXISTS'],
    [new RootTenantImmutable(), 400, 'ROOT_TENANT_IMMUTABLE'],
    [new TenantNotFound('nope'), 404, 'NOT_FOUND'],
    [new InvalidState('FAILED', 'update'), 409, 'INVALID_STATE'],
    [new Unauthenticated(), 401, 'UNAUTHENTICATED'],
    [new Forbidden(), 403, 'FORBIDDEN'],
    [new ServiceUnavailable('later'), 503, 'SERVICE_UNAVAILABLE'],
  ])('maps %p to status %i with code %s', (error, status, code) => {
    const problem = toProblem(error);
    expect(problem).toMatchObject({
      status,
      code,
      detail: error.message,
      type: expect.stringMatching(/^urn:tenantry:problem:/),
    });
    expect(problem.title).toEqual(expect.any(String));
    expect(problem.errors).toBeUndefined();
  });

  it('says "Tenant already exists" and "Cannot edit root tenant" as the detail', () => {
    expect(toProblem(new TenantAlreadyExists('acme')).detail).toBe('Tenant already exists');
    expect(toProblem(new RootTenantImmutable()).detail).toBe('Cannot edit root tenant');
  });

  it('groups validation messages by field', () => {
    const problem = toProblem(
      new ValidationFailed([
        { field: 'id', message: 'Tenant Id must be a slug (lowercase letters, numbers, and hyphens only).' },
        { field: 'adminEmail', message: 'Admin email must be a valid email address.' },
      ]),
    );
    expect(problem).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', type: 'urn:tenantry:problem:bad-user-input' });
    expect(problem.errors).toEqual({
      id: ['Tenant Id must be a slug (lowercase letters, numbers, and hyphens only).'],
      adminEmail: ['Admin email must be a valid email address.'],
    });
  });

  it('hides unexpected errors behind a 500 INTERNAL', () => {
    const problem = toProblem(new Error('password authentication failed for user "u" (secretpw)'));
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL', detail: 'Unexpected error.' });
    expect(JSON.stringify(problem)).not.toContain('secretpw');
  });

  it.each([
    [
      'too many connections',
      Object.assign(new Error('sorry, too many clients already (postgres://u:secretpw@db)'), { code: '53300' }),
    ],
    [
      'the server shutting down',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' })],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
  ])('answers 503 SERVICE_UNAVAILABLE, saying to try again, when the database refuses work: %s', (_, error) => {
    const problem = toProblem(error);
    expect(problem).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      detail: expect.stringMatching(/try again/),
    });
    expect(JSON.stringify(problem)).not.toMatch(/secretpw|10\.0\.0\.5/);
  });
});
