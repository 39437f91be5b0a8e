import type { NotificationView, TenantView } from '../../read-model/ports';
import { maySeeTenant } from '../../auth';
import type { GatewayContext } from '../context';

/** Fields of the contract that the read-model views hold by reference. */
export const Tenant = {
  currentOperation: (tenant: TenantView, _: unknown, { services }: GatewayContext) =>
    tenant.currentOperationId ? services.queries.operation(tenant.currentOperationId) : null,
  operations: (tenant: TenantView, _: unknown, { services }: GatewayContext) => services.queries.operationsOfTenant(tenant.id),
  history: (tenant: TenantView, _: unknown, { services }: GatewayContext) => services.queries.history(tenant.id),
};

export const Notification = {
  tenant: (notification: NotificationView, _: unknown, { auth, services }: GatewayContext) =>
    auth.principal && maySeeTenant(auth.principal, notification.tenantId) ? services.queries.tenant(notification.tenantId) : null,
};
