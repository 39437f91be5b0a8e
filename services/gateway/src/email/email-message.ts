import type { NotificationType, NotificationView, TenantView } from '@tenantry/read-model';

/** The notifications an operation ends with: these, and only these, may go out by email. */
export const TERMINAL_TYPES: ReadonlySet<NotificationType> = new Set<NotificationType>([
  'TENANT_CREATED',
  'TENANT_CREATION_FAILED',
  'TENANT_UPDATED',
  'TENANT_UPDATE_FAILED',
  'TENANT_CANCELLED',
  'TENANT_DELETED',
  'TENANT_DELETION_FAILED',
]);

export const isTerminal = (notification: Pick<NotificationView, 'type'>): boolean =>
  TERMINAL_TYPES.has(notification.type);

/** The status an operation's end leaves the tenant in, when the read model cannot say. */
const STATUS_AFTER: Partial<Record<NotificationType, string>> = {
  TENANT_CREATED: 'ACTIVE',
  TENANT_CREATION_FAILED: 'FAILED',
  TENANT_UPDATED: 'ACTIVE',
  TENANT_CANCELLED: 'CANCELLED',
  TENANT_DELETED: 'DELETED',
};

/**
 * One notification's identity, stable across read-model rebuilds (which renumber
 * cursors): recipient, operation, type and when it happened. The outbox is unique on it.
 */
export const notificationKey = (
  n: Pick<NotificationView, 'recipientId' | 'operationId' | 'type' | 'occurredAt'>,
): string => `${n.recipientId}/${n.operationId}/${n.type}/${n.occurredAt.toISOString()}`;

export interface EmailContent {
  subject: string;
  text: string;
}

/**
 * Plain text, from what the notification already says to the user (its message and
 * error are stored with credentials removed) plus the tenant's name and status.
 */
export function composeEmail(
  notification: NotificationView,
  tenant: Pick<TenantView, 'id' | 'name' | 'status'> | null,
): EmailContent {
  const name = tenant?.name ?? notification.tenantId;
  const status = tenant?.status ?? STATUS_AFTER[notification.type] ?? 'unknown';
  const lines = [
    notification.message,
    '',
    `Tenant: ${name} (${notification.tenantId})`,
    `Status: ${status}`,
    `Notification: ${notification.type} at ${notification.occurredAt.toISOString()}`,
    `Operation: ${notification.operationId}`,
    ...(notification.error ? [`Error: ${notification.error}`] : []),
    '',
    'You receive this email because you started this operation and had no Tenantry page open when it ended.',
    'To stop these emails: mutation { setNotificationPreferences(emailFallback: false) { emailFallback } }',
  ];
  return { subject: `[Tenantry] ${name}: ${status} (${notification.type})`, text: `${lines.join('\n')}\n` };
}
