import { requirePrincipal } from '../../auth';
import type { GatewayContext } from '../context';

type Resolver<A> = (parent: unknown, args: A, context: GatewayContext) => unknown;

/** Inputs go to tenant-command as given: it validates them, for every client alike. */
// `never`: each resolver declares its own arguments, which the schema guarantees.
export const Mutation: Record<string, Resolver<never>> = {
  login: (_, args: { tenant: string; email: string; password: string }, { services, clientAddress }) =>
    services.sessions.login(args.tenant, args.email, args.password, clientAddress),
  createAdministrator: (_, args: { input: { email: string; password: string } }, { auth, services }) =>
    services.administrators.create(requirePrincipal(auth), args.input),
  createTenant: (_, args: { input: unknown }, { auth, services, correlationId }) =>
    services.tenants.create(requirePrincipal(auth), plain(args.input), { correlationId }),
  updateTenant: (_, args: { id: string; input: unknown }, { auth, services, correlationId }) =>
    services.tenants.update(requirePrincipal(auth), args.id, plain(args.input), { correlationId }),
  retryTenantProvisioning: (
    _,
    args: { id: string; idempotencyKey?: string | null },
    { auth, services, correlationId },
  ) => services.tenants.retry(requirePrincipal(auth), args.id, { correlationId, idempotencyKey: args.idempotencyKey }),
  cancelTenantOperation: (_, args: { id: string; idempotencyKey?: string | null }, { auth, services, correlationId }) =>
    services.tenants.cancel(requirePrincipal(auth), args.id, { correlationId, idempotencyKey: args.idempotencyKey }),
  deleteTenant: (_, args: { id: string; idempotencyKey?: string | null }, { auth, services, correlationId }) =>
    services.tenants.delete(requirePrincipal(auth), args.id, { correlationId, idempotencyKey: args.idempotencyKey }),
  setNotificationPreferences: (
    _,
    args: { receiveAll?: boolean | null; emailFallback?: boolean | null },
    { auth, services },
  ) =>
    services.preferences.set(requirePrincipal(auth), {
      ...(args.receiveAll != null ? { receiveAll: args.receiveAll } : {}),
      ...(args.emailFallback != null ? { emailFallback: args.emailFallback } : {}),
    }),
};

/** GraphQL builds input objects without a prototype; send a plain copy, nulls dropped. */
const plain = (input: unknown): Record<string, unknown> =>
  Object.fromEntries(Object.entries(input as object).filter(([, value]) => value !== null));
