import { newEventId } from './event-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const timeOf = (id: string): number => parseInt(id.replaceAll('-', '').slice(0, 12), 16);

describe('newEventId', () => {
  it('is a UUIDv7 whose first 48 bits are the given millisecond', () => {
    const at = Date.parse('2026-12-07T18:20:00.123Z');
    const id = newEventId(at);
    expect(id).toMatch(UUID_V7);
    expect(timeOf(id)).toBe(at);
  });

  it('sorts by creation time across milliseconds', () => {
    const ids = [0, 1, 255, 256, 65_536, 2 ** 40].map((offset) => newEventId(1_700_000_000_000 + offset));
    expect([...ids].sort()).toEqual(ids);
  });

  it('never repeats within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => newEventId(1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
  });
});
