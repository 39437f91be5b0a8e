import { lostAnnouncements } from './lost-announcement-sweep';

describe('lostAnnouncements', () => {
  it('finds the subjects whose newest committed cursor is past the highest announced on them', () => {
    const followed = [
      { subject: 'alice', highest: '10' },
      { subject: 'bob', highest: '12' },
      { subject: 'carol', highest: undefined },
      { subject: 'dave', highest: undefined },
      { subject: 'everyone', highest: '9' },
    ];
    expect(lostAnnouncements(followed, ['10', '15', '3', undefined, '100'])).toEqual([
      { subject: 'bob', latest: '15' },
      { subject: 'carol', latest: '3' },
      { subject: 'everyone', latest: '100' },
    ]);
  });

  it('compares cursors as numbers, not as text', () => {
    expect(lostAnnouncements([{ subject: 'alice', highest: '999' }], ['1000000'])).toEqual([
      { subject: 'alice', latest: '1000000' },
    ]);
    expect(lostAnnouncements([{ subject: 'alice', highest: '1000000' }], ['999'])).toEqual([]);
  });
});
