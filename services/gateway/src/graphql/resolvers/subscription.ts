import { requirePrincipal } from '../../auth';
import type { ScopeName } from '../../app/notifications';
import type { GatewayContext } from '../context';
import { iterate } from './live-feed-iterator';

const itself = <T>(payload: T): T => payload;

export const Subscription = {
  notifications: {
    subscribe: async (
      _: unknown,
      args: { after?: string | null; scope?: ScopeName | null },
      { auth, services }: GatewayContext,
    ) =>
      iterate(
        await services.notifications.follow(requirePrincipal(auth), {
          after: args.after ?? undefined,
          scope: args.scope ?? undefined,
        }),
      ),
    resolve: itself,
  },
  tenantChanged: {
    subscribe: (_: unknown, args: { id: string }, { auth, services }: GatewayContext) =>
      iterate(services.notifications.followTenant(requirePrincipal(auth), args.id)),
    resolve: itself,
  },
};
