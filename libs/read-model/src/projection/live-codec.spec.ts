import { decodeNotification, encodeLive, UnreadableAnnouncement } from './live-codec';
import type { StoredNotification } from './stored-notification';

const announced: StoredNotification = {
  cursor: '42',
  previousCursor: '17',
  type: 'TENANT_PROVISIONING_PROGRESS',
  recipientId: 'user-1',
  tenantId: 'acme',
  operationId: 'op-1',
  message: 'Creating database',
  error: null,
  step: 'CREATING_DATABASE',
  stepName: 'creating-database',
  occurredAt: new Date('2024-05-01T10:00:00.000Z'),
};
const encoded = (change: Record<string, unknown>) =>
  new TextEncoder().encode(JSON.stringify({ ...announced, ...change }));

describe('the live notification codec', () => {
  it('gives back what the projector announced, previous cursor and date included', () => {
    expect(decodeNotification(encodeLive(announced))).toEqual(announced);
  });

  it('reads a recipient’s first notification (no previous cursor)', () => {
    expect(decodeNotification(encoded({ previousCursor: null })).previousCursor).toBeNull();
  });

  it.each([
    ['a cursor that is not one', { cursor: 'abc' }],
    ['a missing previous cursor', { previousCursor: undefined }],
    ['an unknown type', { type: 'TENANT_HACKED' }],
    ['an unknown step', { step: 'DROPPING_TABLES' }],
    ['a date that is not one', { occurredAt: 'yesterday' }],
    ['a message that is not text', { message: 7 }],
  ])('refuses %s', (_, change) => {
    expect(() => decodeNotification(encoded(change))).toThrow(UnreadableAnnouncement);
  });
});
