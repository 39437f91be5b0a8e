/** Table `notifications`: one row per notification and recipient; its bigserial id is the feeds' cursor. */
import { stepNameOf } from '@tenantry/tenant-domain';
import type { ProvisioningStep } from '@tenantry/tenant-domain';
import type { NewNotification } from '../projection/notification-of';
import type { NotificationType, NotificationView } from '../ports';
import { nullable, serial, text, timestamptz } from './column';
import { defineTable, RowOf } from './table';

export const NOTIFICATIONS = defineTable({
  name: 'notifications',
  entity: 'ReadNotification',
  uniques: [{ name: 'notifications_event_recipient_unique', properties: ['eventId', 'recipientId'] }],
  indexes: [{ name: 'notifications_recipient_cursor', properties: ['recipientId', 'id'] }],
  columns: {
    /** The cursor: ids follow the insert order. */
    id: serial(),
    eventId: text(),
    recipientId: text(),
    type: text(),
    tenantId: text(),
    operationId: text(),
    message: text(),
    error: nullable(text()),
    step: nullable(text()),
    stepName: nullable(text()),
    occurredAt: timestamptz(),
  },
});

export type NotificationRow = RowOf<typeof NOTIFICATIONS>;

/** A notification before it is stored (no id yet), with the event it comes from (unique with the recipient). */
export type PendingNotification = NewNotification & { eventId: string };

export const notificationFromRow = (row: NotificationRow): NotificationView => ({
  cursor: String(row.id),
  type: row.type as NotificationType,
  recipientId: row.recipientId,
  tenantId: row.tenantId,
  operationId: row.operationId,
  message: row.message,
  error: row.error,
  step: row.step as ProvisioningStep | null,
  stepName: row.stepName ?? (row.step === null ? null : stepNameOf(row.step as ProvisioningStep)),
  occurredAt: row.occurredAt,
});
