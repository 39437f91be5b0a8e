import { CursorTracker } from './cursor';

describe('cursor tracker', () => {
  it('has no resume point before anything arrived', () => expect(new CursorTracker().last).toBeUndefined());

  it('resumes after the last cursor accepted', () => {
    const tracker = new CursorTracker();
    ['1', '2', '5'].forEach((c) => tracker.accept(c));
    expect(tracker.last).toBe('5');
  });

  it('resumes after a cursor kept from before', () => {
    const tracker = new CursorTracker('7');
    expect(tracker.last).toBe('7');
    expect(tracker.accept('7')).toBe(false);
  });

  it('refuses a cursor it has seen, keeping the resume point', () => {
    const tracker = new CursorTracker();
    tracker.accept('1');
    tracker.accept('2');
    expect(tracker.accept('1')).toBe(false);
    expect(tracker.last).toBe('2');
  });

  it('forgets the oldest cursors beyond its memory', () => {
    const tracker = new CursorTracker(undefined, 2);
    ['1', '2', '3'].forEach((c) => tracker.accept(c));
    expect(tracker.accept('1')).toBe(true);
    expect(tracker.accept('3')).toBe(false);
  });
});
