import { canonicalJson, requestHashOf } from './request-hash';

describe('the hash of a request', () => {
  it('ignores the order of keys and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });

  it('differs by command, tenant, input and secret', () => {
    const base = requestHashOf('deleteTenant', { tenantId: 'acme' }, 's');
    expect(requestHashOf('deleteTenant', { tenantId: 'acme' }, 's')).toBe(base);
    expect(requestHashOf('cancelTenantOperation', { tenantId: 'acme' }, 's')).not.toBe(base);
    expect(requestHashOf('deleteTenant', { tenantId: 'globex' }, 's')).not.toBe(base);
    expect(requestHashOf('deleteTenant', { tenantId: 'acme', input: {} }, 's')).not.toBe(base);
    expect(requestHashOf('deleteTenant', { tenantId: 'acme' }, 't')).not.toBe(base);
  });
});
