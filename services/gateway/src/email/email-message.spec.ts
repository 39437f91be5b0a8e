import type { NotificationView } from '@tenantry/read-model';
import { composeEmail, isTerminal, notificationKey } from './email-message';

const created: NotificationView = {
  cursor: '12',
  type: 'TENANT_CREATED',
  recipientId: 'u-1',
  tenantId: 'acme-fc',
  operationId: 'op-1',
  message: "Tenant 'Acme FC' is ready",
  error: null,
  step: null,
  stepName: null,
  occurredAt: new Date('2026-01-02T03:04:05.000Z'),
};

describe('the fallback email', () => {
  it('names the tenant and its status in the subject and the body', () => {
    const email = composeEmail(created, { id: 'acme-fc', name: 'Acme FC', status: 'ACTIVE' });
    expect(email.subject).toBe('[Tenantry] Acme FC: ACTIVE (TENANT_CREATED)');
    expect(email.text).toContain("Tenant 'Acme FC' is ready");
    expect(email.text).toContain('Tenant: Acme FC (acme-fc)');
    expect(email.text).toContain('Status: ACTIVE');
  });

  it('carries the stored error of a failure', () => {
    const failed = { ...created, type: 'TENANT_CREATION_FAILED' as const, error: 'database unreachable' };
    expect(composeEmail(failed, null).text).toContain('Error: database unreachable');
    expect(composeEmail(failed, null).subject).toBe('[Tenantry] acme-fc: FAILED (TENANT_CREATION_FAILED)');
  });

  it('is only for the notifications an operation ends with', () => {
    expect(isTerminal(created)).toBe(true);
    expect(isTerminal({ type: 'TENANT_DELETION_FAILED' })).toBe(true);
    expect(isTerminal({ type: 'TENANT_PROVISIONING_PROGRESS' })).toBe(false);
  });

  it('keys a notification by what survives a read-model rebuild, not by its cursor', () => {
    const rebuilt: NotificationView = { ...created, cursor: '3' };
    expect(notificationKey(created)).toBe(notificationKey(rebuilt));
    expect(notificationKey(created)).not.toBe(
      notificationKey({ ...created, occurredAt: new Date('2026-01-02T03:04:06.000Z') }),
    );
  });
});
