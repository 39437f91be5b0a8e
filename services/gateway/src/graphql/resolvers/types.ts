import type { NotificationView, TenantView } from '@tenantry/read-model';
import { maySeeTenant } from '../../auth';
import type { GatewayContext } from '../context';
import type { SchemaVersion } from '../../tenant-schema/tenant-schemas';
import { connectionOf, pageRequest, readPage } from '../../app/connection';

type PageArgs = { first: number; after?: string | null };

/** One read of a tenant's database per request, however many of its fields ask. */
const versionsOfRequest = new WeakMap<GatewayContext, Map<string, Promise<SchemaVersion>>>();
function schemaVersion(tenant: TenantView, context: GatewayContext): Promise<SchemaVersion> {
  let versions = versionsOfRequest.get(context);
  if (!versions) versionsOfRequest.set(context, (versions = new Map<string, Promise<SchemaVersion>>()));
  let version = versions.get(tenant.id);
  if (!version) versions.set(tenant.id, (version = context.services.schemas.version(tenant)));
  return version;
}

/** Fields of the contract that the read-model views hold by reference. */
export const Tenant = {
  currentOperation: (tenant: TenantView, _: unknown, { services }: GatewayContext) =>
    tenant.currentOperationId ? services.queries.operation(tenant.currentOperationId) : null,
  operations: (tenant: TenantView, _: unknown, { services }: GatewayContext) =>
    services.queries.operationsOfTenant(tenant.id),
  history: (tenant: TenantView, _: unknown, { services }: GatewayContext) => services.queries.history(tenant.id),
  // The tenant was read fresh (read your writes); its operations and history commit with it.
  operationsConnection: async (tenant: TenantView, args: PageArgs, { services }: GatewayContext) => {
    const page = pageRequest(args.first, args.after);
    const filter = { tenantId: tenant.id };
    const found = await readPage(page, () => services.queries.operationsPage(filter, page));
    return connectionOf(found, () => services.queries.countOperations(filter));
  },
  historyConnection: async (tenant: TenantView, args: PageArgs, { services }: GatewayContext) => {
    const page = pageRequest(args.first, args.after);
    const found = await readPage(page, () => services.queries.historyPage(tenant.id, page));
    return connectionOf(found, () => services.queries.countHistory(tenant.id));
  },
  migrations: async (tenant: TenantView, _: unknown, context: GatewayContext) =>
    (await schemaVersion(tenant, context)).applied,
  pendingMigrations: async (tenant: TenantView, _: unknown, context: GatewayContext) =>
    (await schemaVersion(tenant, context)).pending,
};

export const Notification = {
  tenant: (notification: NotificationView, _: unknown, { auth, services }: GatewayContext) =>
    auth.principal && maySeeTenant(auth.principal, notification.tenantId)
      ? services.queries.tenant(notification.tenantId)
      : null,
};
