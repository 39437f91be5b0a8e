import { GraphQLError } from 'graphql';
import {
  InvalidState,
  RootTenantImmutable,
  TenantAlreadyExists,
  TenantNotFound,
  ValidationFailed,
} from '@tenantry/tenant-domain';
import { EdgeError, Forbidden, ServiceUnavailable, Unauthenticated } from './edge-error';
import { toGraphQLError } from './to-graphql-error';

const thrownByResolver = (original: unknown) =>
  new GraphQLError(original instanceof Error ? original.message : 'x', {
    path: ['createTenant'],
    originalError: original as Error,
  });

describe('the GraphQL error mapper', () => {
  it.each([
    [new TenantAlreadyExists('acme'), 'TENANT_EXISTS', 'Tenant already exists'],
    [new RootTenantImmutable(), 'ROOT_TENANT_IMMUTABLE', 'Cannot edit root tenant'],
    [new RootTenantImmutable('delete'), 'ROOT_TENANT_IMMUTABLE', 'Cannot delete root tenant'],
    [new TenantNotFound('nope'), 'NOT_FOUND', "Tenant 'nope' was not found"],
    [new InvalidState('FAILED', 'update'), 'INVALID_STATE', 'Cannot update a tenant that is FAILED'],
    [new Unauthenticated('Invalid email or password'), 'UNAUTHENTICATED', 'Invalid email or password'],
    [new Forbidden('Only root administrators can do this'), 'FORBIDDEN', 'Only root administrators can do this'],
    [new ServiceUnavailable('try again'), 'SERVICE_UNAVAILABLE', 'try again'],
  ])('gives %p the code %s and keeps its message', (error, code, message) => {
    const mapped = toGraphQLError(thrownByResolver(error));
    expect(mapped.message).toBe(message);
    expect(mapped.extensions).toEqual({ code });
    expect(mapped.path).toEqual(['createTenant']);
  });

  it('lists every failing field of a validation error as BAD_USER_INPUT', () => {
    const fields = [
      { field: 'id', message: 'Tenant Id must be a slug (lowercase letters, numbers, and hyphens only).' },
      { field: 'adminPassword', message: 'too weak' },
    ];
    const mapped = toGraphQLError(thrownByResolver(new ValidationFailed(fields)));
    expect(mapped.extensions).toEqual({ code: 'BAD_USER_INPUT', fields });
  });

  it('keeps the code of an error tenant-command sent back', () => {
    const mapped = toGraphQLError(thrownByResolver(new EdgeError('TENANT_EXISTS', 'Tenant already exists')));
    expect(mapped.extensions).toEqual({ code: 'TENANT_EXISTS' });
  });

  it('masks anything unexpected as INTERNAL and reports it', () => {
    const leaked = new Error('connect ECONNREFUSED postgres://u:secretpw@db/x');
    const seen: unknown[] = [];
    const mapped = toGraphQLError(thrownByResolver(leaked), (e) => seen.push(e));
    expect(mapped.message).toBe('Unexpected error.');
    expect(mapped.extensions).toEqual({ code: 'INTERNAL' });
    expect(JSON.stringify(mapped.toJSON())).not.toContain('secretpw');
    expect(seen).toEqual([leaked]);
  });

  it('masks an INTERNAL reply, whatever its message', () => {
    expect(toGraphQLError(thrownByResolver(new EdgeError('INTERNAL', 'stack trace here'))).message).toBe(
      'Unexpected error.',
    );
  });

  it("passes GraphQL's own errors (syntax, validation) through", () => {
    const validation = new GraphQLError('Cannot query field "nope" on type "Query".');
    expect(toGraphQLError(validation)).toBe(validation);
  });
});
