import { TenantEventType } from '@tenantry/tenant-domain';

/** Events that put a job in the queue (or change a queued one); the rest need no work. */
const JOB_TRIGGERS: ReadonlySet<string> = new Set<TenantEventType>([
  'TenantRequested',
  'TenantRetryRequested',
  'TenantUpdateRequested',
  'TenantDeletionRequested',
  'TenantCancellationRequested',
]);

export const triggersJob = (eventType: string): boolean => JOB_TRIGGERS.has(eventType);
