import type { Announcement } from './announcement';
import { feedStep } from './feed-step';
import type { NotificationScope, NotificationView } from '@tenantry/read-model';

const ALICE: NotificationScope = { kind: 'MINE', recipient: 'alice' };
const notification = (cursor: string, recipientId = 'alice'): NotificationView => ({
  cursor,
  type: 'TENANT_UPDATED',
  recipientId,
  tenantId: 'acme',
  operationId: 'op-1',
  message: 'updated',
  error: null,
  step: null,
  stepName: null,
  occurredAt: new Date('2025-03-01T10:00:00.000Z'),
});
const announced = (cursor: string, previousCursor: string | null, recipientId?: string): Announcement => ({
  kind: 'committed',
  notification: notification(cursor, recipientId),
  previousCursor,
});

describe('what a feed does with an announcement', () => {
  it('delivers it as announced when it follows the last cursor delivered', () =>
    expect(feedStep(announced('12', '10'), '10', ALICE)).toEqual({
      kind: 'deliver',
      notification: notification('12'),
    }));

  it('delivers the user’s first notification to a feed that has delivered nothing', () =>
    expect(feedStep(announced('3', null), undefined, ALICE).kind).toBe('deliver'));

  it('delivers it when the user’s previous one is older than where the feed started (nothing of theirs in between)', () =>
    expect(feedStep(announced('12', '7'), '10', ALICE).kind).toBe('deliver'));

  it('reads the table on a gap: the user’s previous one was never delivered (its announcement was lost)', () =>
    expect(feedStep(announced('12', '11'), '10', ALICE)).toEqual({ kind: 'read' }));

  it('reads the table when the feed has delivered nothing and the user had one before', () =>
    expect(feedStep(announced('12', '11'), undefined, ALICE).kind).toBe('read'));

  it('passes over what it has delivered already (a replay caught it first)', () => {
    expect(feedStep(announced('10', '8'), '10', ALICE)).toEqual({ kind: 'skip' });
    expect(feedStep(announced('9', null), '10', ALICE)).toEqual({ kind: 'skip' });
  });

  it('reads the table for an unreadable message or after a reconnection', () =>
    expect(feedStep({ kind: 'unknown' }, '10', ALICE)).toEqual({ kind: 'read' }));

  it('never delivers another user’s notification as is on a MINE feed', () =>
    expect(feedStep(announced('12', '10', 'bob'), '10', ALICE)).toEqual({ kind: 'read' }));

  it('always reads on ALL: a recipient’s previous cursor says nothing of other recipients in between', () => {
    expect(feedStep(announced('12', '10'), '10', { kind: 'ALL' })).toEqual({ kind: 'read' });
    expect(feedStep(announced('12', null), '10', { kind: 'ALL' })).toEqual({ kind: 'read' });
    expect(feedStep(announced('10', null), '10', { kind: 'ALL' })).toEqual({ kind: 'skip' });
  });
});
