import type { AuthState } from '../auth';
import type { Administrators } from '../app/administrators';
import type { Notifications } from '../app/notifications';
import type { Preferences } from '../app/preferences';
import type { Sessions } from '../app/sessions';
import type { Tenants } from '../app/tenants';
import type { ReadModelQueries } from '@tenantry/read-model';
import type { TenantSchemas } from '../tenant-schema/tenant-schemas';

/** What resolvers (GraphQL) and handlers (REST) work with. */
export interface GatewayServices {
  queries: ReadModelQueries;
  tenants: Tenants;
  notifications: Notifications;
  sessions: Sessions;
  administrators: Administrators;
  preferences: Preferences;
  /** Tenants' schema versions, from their own databases. */
  schemas: TenantSchemas;
}

export interface GatewayContext {
  services: GatewayServices;
  /** Set by useAuthentication. */
  auth: AuthState;
  /** Set by useCorrelationId; follows the request into commands and logs. */
  correlationId: string;
  /** Set by useClientAddress: the peer address of the HTTP request or WebSocket. */
  clientAddress: string;
}
