import type { NatsNames } from '@tenantry/messaging';
import type { NatsConnection } from 'nats';
import type { BatchOutcome } from './apply-batch';
import { encodeLive, publicTenantView } from './live-codec';
import { liveSubjects } from './live-subjects';
import type { TenantView } from '../ports';

/**
 * Announces a committed batch on NATS core, in cursor order: each new notification to
 * its recipient's subject, each changed tenant to its tenant-changes subject (after the
 * statuses it passed through within the batch, so a viewer sees each one). A lost
 * announcement costs latency, not data: feeds read the table after their cursor.
 */
export function publishCommitted(nats: NatsConnection, names: NatsNames, outcome: BatchOutcome): void {
  const subjects = liveSubjects(names);
  for (const notification of outcome.notifications) {
    nats.publish(subjects.notification(notification.recipientId), encodeLive(notification));
  }
  for (const view of announcedViews(outcome)) nats.publish(subjects.tenantChange(view.id), encodeLive(view));
}

/** The tenant views a committed batch announces, in order: the statuses passed through within it, then the last. */
export const announcedViews = (outcome: BatchOutcome): TenantView[] =>
  [...outcome.passedThrough, ...outcome.tenants].map(publicTenantView);
