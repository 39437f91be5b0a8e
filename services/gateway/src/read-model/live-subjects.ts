import type { NatsNames } from '@tenantry/messaging';

/**
 * NATS core subjects on which the projector announces what it committed, so every
 * gateway replica can push it to its open sockets. Notification subjects come from
 * natsNames; tenant changes are the read side's own.
 */
export interface LiveSubjects {
  notification(userId: string): string;
  allNotifications: string;
  tenantChange(tenantId: string): string;
}

export const liveSubjects = (names: NatsNames): LiveSubjects => {
  const subject = (...tokens: string[]) => [...(names.prefix ? [names.prefix] : []), ...tokens].join('.');
  return {
    notification: (userId) => names.notificationSubject(userId),
    allNotifications: names.allNotifications,
    tenantChange: (tenantId) => subject('tenantry', 'tenant-changes', tenantId),
  };
};
