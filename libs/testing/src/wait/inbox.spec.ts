import { collect, UnexpectedArrival } from './inbox';
import { WaitTimeout } from './wait-timeout';

describe('Inbox', () => {
  it('gives an item that arrived before the wait', async () => {
    const inbox = collect<number>();
    inbox.push(1);
    inbox.push(2);
    expect(await inbox.next((n) => n === 2)).toBe(2);
    expect(await inbox.next()).toBe(1);
  });

  it('gives an item that arrives during the wait', async () => {
    const inbox = collect<string>();
    const next = inbox.next((s) => s.startsWith('b'), { within: '1s' });
    setImmediate(() => ['a', 'b1'].forEach(inbox.push));
    expect(await next).toBe('b1');
    expect(await inbox.next()).toBe('a');
  });

  it('takes several items in arrival order', async () => {
    const inbox = collect<number>();
    [1, 2, 3, 4].forEach(inbox.push);
    expect(await inbox.take(2, (n) => n % 2 === 0)).toEqual([2, 4]);
  });

  it('times out naming what it waited for', async () => {
    const inbox = collect<number>();
    inbox.push(7);
    await expect(inbox.next((n) => n > 10, { within: 50, description: 'a big number' })).rejects.toThrow(
      new WaitTimeout('a big number', 50, 7),
    );
  });

  it('expects nothing for a bounded window', async () => {
    const inbox = collect<number>();
    inbox.push(1);
    await expect(inbox.expectNothing((n) => n > 1, { within: 50 })).resolves.toBeUndefined();
  });

  it('fails as soon as something unexpected arrives', async () => {
    const inbox = collect<number>();
    const nothing = inbox.expectNothing(() => true, { within: '5s', description: 'any number' });
    inbox.push(42);
    await expect(nothing).rejects.toThrow(UnexpectedArrival);
    await expect(nothing).rejects.toThrow(/any number.*42/);
  });
});
