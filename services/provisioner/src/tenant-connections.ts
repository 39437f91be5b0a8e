import { nonAppendingSessionName } from '@tenantry/event-store';
import { TenantConnections } from '@tenantry/tenant-database';

/**
 * The provisioner's connections to tenant databases. A SHARED tenant's schema may live in the
 * event store's own database; its migrations' transaction must not hold back the relay's
 * reads of events committed while it runs (the gap-free read waits for every transaction
 * that might append): these sessions never append, and say so.
 */
export const provisionerTenantConnections = (): TenantConnections =>
  new TenantConnections({ applicationName: nonAppendingSessionName('tenantry-provisioner tenants') });
