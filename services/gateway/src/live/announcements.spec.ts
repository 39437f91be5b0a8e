import type { Announcement } from './announcement';
import { Announcements } from './announcements';
import type { NotificationView } from '@tenantry/read-model';

const announced = (cursor: number): Announcement => ({
  kind: 'committed',
  previousCursor: cursor > 1 ? String(cursor - 1) : null,
  notification: { cursor: String(cursor) } as NotificationView,
});

describe('announcements a feed has not read yet', () => {
  it('are handed out in order', async () => {
    const queue = new Announcements(10);
    for (let i = 1; i <= 3; i++) queue.push(announced(i), i);
    const cursors = [];
    for (let i = 0; i < 3; i++)
      cursors.push(((await queue.next())!.announcement as { notification: NotificationView }).notification.cursor);
    expect(cursors).toEqual(['1', '2', '3']);
  });

  it('past the capacity, are dropped for one UNKNOWN that makes the feed read the table after its cursor', async () => {
    const queue = new Announcements(100);
    for (let i = 1; i <= 10_000; i++) queue.push(announced(i), i);
    const held: string[] = [];
    for (let i = 0; i < 100; i++) {
      const next = (await queue.next())!;
      held.push(next.announcement.kind === 'unknown' ? 'unknown' : next.announcement.notification.cursor);
    }
    // Never more than the capacity held; the last overflow (at 9,901) left its mark, then 9,902 on queued.
    expect(held).toEqual(['unknown', ...Array.from({ length: 99 }, (_, i) => String(9_902 + i))]);
  });
});
