import { fieldMessagesOf, hasMessages } from './field-errors';

describe('server errors on the form', () => {
  it('go under the fields the server names', () =>
    expect(
      fieldMessagesOf([
        {
          message: 'x',
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [
              { field: 'id', message: 'bad id' },
              { field: 'adminEmail', message: 'bad email' },
            ],
          },
        },
      ]),
    ).toEqual({ id: 'bad id', adminEmail: 'bad email' }));

  it('put a taken id under the id', () =>
    expect(fieldMessagesOf([{ message: 'Tenant already exists', extensions: { code: 'TENANT_EXISTS' } }])).toEqual({
      id: 'Tenant already exists',
    }));

  it('put anything else on the form', () =>
    expect(
      fieldMessagesOf([{ message: 'Only root administrators can manage tenants', extensions: { code: 'FORBIDDEN' } }]),
    ).toEqual({ form: 'Only root administrators can manage tenants' }));

  it('count only real messages', () => {
    expect(hasMessages({ id: undefined })).toBe(false);
    expect(hasMessages({ id: 'x' })).toBe(true);
  });
});
