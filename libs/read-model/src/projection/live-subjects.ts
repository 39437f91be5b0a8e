import type { NatsNames } from '@tenantry/messaging';

/**
 * NATS core subjects on which the projector announces what it committed, so every
 * gateway replica can push it to its open sockets. Notification subjects come from
 * natsNames, as the broker's permissions (deploy/nats/authorization.conf) are.
 */
export interface LiveSubjects {
  notification(principal: string): string;
  allNotifications: string;
  tenantChange(tenantId: string): string;
}

export const liveSubjects = (names: NatsNames): LiveSubjects => ({
  notification: (principal) => names.notificationSubject(principal),
  allNotifications: names.allNotifications,
  tenantChange: (tenantId) => names.tenantChangeSubject(tenantId),
});
