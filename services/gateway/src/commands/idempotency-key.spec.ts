import { withoutIdempotencyKey } from './idempotency-key';

describe('the idempotency key of a command', () => {
  it('takes the argument or header first, and removes the input’s own field', () => {
    expect(withoutIdempotencyKey({ id: 'acme', idempotencyKey: 'from-input' }, 'from-header')).toEqual({
      input: { id: 'acme' },
      idempotencyKey: 'from-header',
    });
    expect(withoutIdempotencyKey({ id: 'acme', idempotencyKey: 'from-input' }, undefined)).toEqual({
      input: { id: 'acme' },
      idempotencyKey: 'from-input',
    });
    expect(withoutIdempotencyKey({ id: 'acme', idempotencyKey: null }, null)).toEqual({ input: { id: 'acme' } });
    expect(withoutIdempotencyKey(undefined, undefined)).toEqual({ input: undefined });
  });

  it.each(['', 'x'.repeat(201), 42])('refuses %p as BAD_USER_INPUT on idempotencyKey', (key) => {
    expect(() => withoutIdempotencyKey({ idempotencyKey: key }, undefined)).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'idempotencyKey' })],
      }),
    );
  });
});
