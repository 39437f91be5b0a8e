import type { ProvisioningStatus } from '@tenantry/tenant-domain';
import type { OperationKind } from '@tenantry/tenant-domain';
import type { OperationStatus } from '@tenantry/read-model';
import { pageRequest } from '../../app/connection';
import { requirePrincipal } from '../../auth';
import { userOf } from '../../app/principal-user';
import type { ScopeName } from '../../app/notifications';
import type { GatewayContext } from '../context';

type Resolver<A> = (parent: unknown, args: A, context: GatewayContext) => unknown;

// `never`: each resolver declares its own arguments, which the schema guarantees.
export const Query: Record<string, Resolver<never>> = {
  me: (_, __, { auth }) => {
    if (auth.failure) throw auth.failure;
    return auth.principal ? userOf(auth.principal) : null;
  },
  tenants: (_, args: { status?: ProvisioningStatus | null }, { auth, services }) =>
    services.tenants.list(requirePrincipal(auth), { status: args.status ?? undefined }),
  tenant: (_, args: { id: string }, { auth, services }) => services.tenants.get(requirePrincipal(auth), args.id),
  operations: (
    _,
    args: { status?: OperationStatus | null; tenantId?: string | null; first?: number | null },
    { auth, services },
  ) =>
    services.tenants.operations(requirePrincipal(auth), {
      status: args.status ?? undefined,
      tenantId: args.tenantId ?? undefined,
      first: clampFirst(args.first),
    }),
  tenantsConnection: (
    _,
    args: { first: number; after?: string | null; status?: ProvisioningStatus | null; search?: string | null },
    { auth, services },
  ) =>
    services.tenants.tenantsConnection(
      requirePrincipal(auth),
      { status: args.status ?? undefined, search: args.search ?? undefined },
      pageRequest(args.first, args.after),
    ),
  operationsConnection: (
    _,
    args: {
      first: number;
      after?: string | null;
      status?: OperationStatus | null;
      tenantId?: string | null;
      kind?: OperationKind | null;
    },
    { auth, services },
  ) =>
    services.tenants.operationsConnection(
      requirePrincipal(auth),
      { status: args.status ?? undefined, tenantId: args.tenantId ?? undefined, kind: args.kind ?? undefined },
      pageRequest(args.first, args.after),
    ),
  operation: (_, args: { id: string }, { auth, services }) =>
    services.tenants.operation(requirePrincipal(auth), args.id),
  notifications: (
    _,
    args: { after?: string | null; first?: number | null; scope?: ScopeName | null },
    { auth, services },
  ) =>
    services.notifications.list(requirePrincipal(auth), {
      after: args.after ?? undefined,
      first: clampFirst(args.first),
      scope: args.scope ?? undefined,
    }),
  queueStats: (_, __, { auth, services }) => services.tenants.queueStats(requirePrincipal(auth)),
  notificationPreferences: (_, __, { auth, services }) => services.preferences.of(requirePrincipal(auth)),
};

/** Pages are 1..500 long; 50 when not given. */
export const clampFirst = (first: number | null | undefined): number => Math.min(Math.max(first ?? 50, 1), 500);
