import { connectionOf, MAX_PAGE_SIZE, pageRequest, readPage } from './connection';

describe('a page request', () => {
  it.each([0, 1, 50, MAX_PAGE_SIZE])('takes first = %s', (first) => {
    expect(pageRequest(first, null).first).toBe(first);
  });

  it.each([-1, MAX_PAGE_SIZE + 1, 1.5, Number.NaN])(
    'refuses first = %s as BAD_USER_INPUT naming the argument',
    (first) => {
      expect(() => pageRequest(first, undefined, { first: 'limit', after: 'cursor' })).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'limit' })] }),
      );
    },
  );

  it('turns a cursor the list refused into BAD_USER_INPUT naming the cursor argument', async () => {
    const refused = Object.assign(new Error('Invalid cursor'), { name: 'InvalidCursor' });
    await expect(readPage(pageRequest(10, 'x'), () => Promise.reject(refused))).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'after' }],
    });
  });
});

describe('a connection', () => {
  it('ends at its last edge and counts only when asked', async () => {
    let counted = 0;
    const connection = connectionOf(
      {
        edges: [
          { cursor: 'a', node: 1 },
          { cursor: 'b', node: 2 },
        ],
        hasNextPage: true,
      },
      async () => ++counted,
    );
    expect(connection.nodes).toEqual([1, 2]);
    expect(connection.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: 'a',
      endCursor: 'b',
    });
    expect(counted).toBe(0);
    expect(await connection.totalCount()).toBe(1);
  });

  it('has no cursors when empty', () => {
    const connection = connectionOf({ edges: [], hasNextPage: false }, async () => 0);
    expect(connection.pageInfo).toMatchObject({ startCursor: null, endCursor: null, hasNextPage: false });
  });
});
