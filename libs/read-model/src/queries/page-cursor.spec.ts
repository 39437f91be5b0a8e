import { decodePageCursor, encodePageCursor } from './page-cursor';

describe('page cursors', () => {
  it('give back the key they were made from, for their own list', () => {
    const key = { at: '1735689600123456', id: 'acme-fc' };
    expect(decodePageCursor('tenants', encodePageCursor('tenants', key))).toEqual(key);
    expect(decodePageCursor('history', encodePageCursor('history', { version: 41 }))).toEqual({ version: 41 });
  });

  it('are opaque: URL-safe text that does not show the key', () => {
    const cursor = encodePageCursor('operations', { at: '1735689600123456', id: 'op-1' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('op-1');
  });

  it.each([
    ['another list', encodePageCursor('operations', { at: '1', id: 'x' })],
    ['not base64url', 'not a cursor!'],
    ['not JSON', Buffer.from('nonsense').toString('base64url')],
    ['a time that is not µs', Buffer.from(JSON.stringify(['tenants', '2026-01-01', 'x'])).toString('base64url')],
    ['an empty id', Buffer.from(JSON.stringify(['tenants', '1', ''])).toString('base64url')],
    ['a NUL in the id', Buffer.from(JSON.stringify(['tenants', '1', 'a\u0000'])).toString('base64url')],
    ['too long', 'a'.repeat(2000)],
  ])('refuse %s as InvalidCursor', (_, cursor) => {
    expect(() => decodePageCursor('tenants', cursor)).toThrow(expect.objectContaining({ name: 'InvalidCursor' }));
  });

  it('refuse a history cursor whose version is not a whole number', () => {
    const cursor = Buffer.from(JSON.stringify(['history', 1.5])).toString('base64url');
    expect(() => decodePageCursor('history', cursor)).toThrow(expect.objectContaining({ name: 'InvalidCursor' }));
  });
});
