import { copyField, copyLine } from './copy-rows';

describe("COPY's text format", () => {
  it('writes missing values as \\N and text as it is', () =>
    expect([null, undefined, 'NULL', '', '\\N'].map(copyField)).toEqual(['\\N', '\\N', 'NULL', '', '\\\\N']));

  it('escapes backslash, newline, carriage return and tab only', () =>
    expect(copyField('a\\b\nc\rd\te "f" {g}')).toBe('a\\\\b\\nc\\rd\\te "f" {g}'));

  it('writes numbers bare and booleans as t and f', () =>
    expect([3, -1.5, 9007199254740993n, true, false].map(copyField)).toEqual([
      '3',
      '-1.5',
      '9007199254740993',
      't',
      'f',
    ]));

  it('writes dates as ISO 8601 instants and other objects as their JSON', () =>
    expect([new Date('2026-01-01T00:00:00.000Z'), { path: 'C:\\x' }].map(copyField)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '{"path":"C:\\\\\\\\x"}',
    ]));

  it('separates fields by tabs and ends the row with a newline', () =>
    expect(
      copyLine(
        [
          { name: 'a', type: 'text', value: (row: { a: string; b: number | null }) => row.a },
          { name: 'b', type: 'integer', value: (row: { a: string; b: number | null }) => row.b },
        ],
        { a: 'x\ty', b: null },
      ),
    ).toBe('x\\ty\t\\N\n'));
});
