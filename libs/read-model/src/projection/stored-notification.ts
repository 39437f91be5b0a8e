import type { NotificationView } from '../ports';

/**
 * A notification as committed, with the cursor of the same recipient's notification
 * right before it (null: their first). A live feed that has delivered that one can
 * deliver this one as announced, without reading the table.
 */
export type StoredNotification = NotificationView & { previousCursor: string | null };
