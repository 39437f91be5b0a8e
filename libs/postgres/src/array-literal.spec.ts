import { arrayLiteral } from './array-literal';

describe('array literals', () => {
  it('quote every text and write missing values as NULL', () =>
    expect(arrayLiteral(['a', null, undefined, 'NULL', ''])).toBe('{"a",NULL,NULL,"NULL",""}'));

  it('write numbers and booleans bare', () => expect(arrayLiteral([3, -1.5, true, false])).toBe('{3,-1.5,true,false}'));

  it('escape double quotes and backslashes only', () =>
    expect(arrayLiteral(['say "hi"', 'C:\\dir', "it's {x, y}"])).toBe('{"say \\"hi\\"","C:\\\\dir","it\'s {x, y}"}'));

  it('write dates as ISO 8601 instants', () =>
    expect(arrayLiteral([new Date('2026-01-01T00:00:00.000Z')])).toBe('{"2026-01-01T00:00:00.000Z"}'));

  it('write big integers bare', () => expect(arrayLiteral([9007199254740993n])).toBe('{9007199254740993}'));

  it('write other objects as their JSON, escaped', () =>
    expect(arrayLiteral([{ step: 'db' }])).toBe('{"{\\"step\\":\\"db\\"}"}'));

  it('write an empty array', () => expect(arrayLiteral([])).toBe('{}'));
});
