import { START } from '../event-store';
import {
  compareKurrentPositions,
  formatKurrentPosition,
  InvalidKurrentPosition,
  parseKurrentPosition,
} from './position';

describe('KurrentDB positions', () => {
  it('encode $all commit and prepare positions as C:<commit>/P:<prepare>', () => {
    expect(formatKurrentPosition({ commit: 1234n, prepare: 1200n })).toBe('C:1234/P:1200');
  });

  it('round-trip positions beyond 2^53 exactly', () => {
    const position = { commit: 2n ** 63n - 1n, prepare: 2n ** 53n + 1n };
    expect(parseKurrentPosition(formatKurrentPosition(position))).toEqual(position);
  });

  it('read START and undefined as the beginning of $all', () => {
    expect(parseKurrentPosition(START)).toBeUndefined();
    expect(parseKurrentPosition(undefined)).toBeUndefined();
  });

  it.each(['42:7', 'C:1/P:', 'C:-1/P:0', 'c:1/p:1', ' C:1/P:1', ''])(
    'refuse %j, which no KurrentDB store produced',
    (text) => {
      expect(() => parseKurrentPosition(text)).toThrow(InvalidKurrentPosition);
      expect(() => parseKurrentPosition(text)).toThrow(expect.objectContaining({ code: 'INVALID_GLOBAL_POSITION' }));
    },
  );

  it('sort by commit position, then prepare position, with the beginning first', () => {
    const sorted = [
      { commit: 10n, prepare: 10n },
      { commit: 20n, prepare: 11n },
      { commit: 20n, prepare: 19n },
      { commit: 21n, prepare: 0n },
    ];
    const shuffled = [sorted[2], sorted[0], sorted[3], sorted[1]];
    expect([...shuffled].sort(compareKurrentPositions)).toEqual(sorted);
    expect(compareKurrentPositions(undefined, sorted[0])).toBeLessThan(0);
    expect(compareKurrentPositions(sorted[0], undefined)).toBeGreaterThan(0);
    expect(compareKurrentPositions(undefined, undefined)).toBe(0);
    expect(compareKurrentPositions({ commit: 5n, prepare: 5n }, { commit: 5n, prepare: 5n })).toBe(0);
  });

  it('compare by value, not as text (C:9 sorts before C:10)', () => {
    const nine = parseKurrentPosition('C:9/P:9');
    const ten = parseKurrentPosition('C:10/P:10');
    expect(compareKurrentPositions(nine, ten)).toBeLessThan(0);
  });
});
