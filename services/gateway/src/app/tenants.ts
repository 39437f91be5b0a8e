import type { Principal } from '@tenantry/auth';
import { isStorableText, type Accepted, type CommandName, type ProvisioningStatus } from '@tenantry/tenant-domain';
import type {
  OperationFilter,
  OperationStatus,
  OperationView,
  PageRequest,
  QueueStatsView,
  ReadModelQueries,
  TenantView,
} from '@tenantry/read-model';
import type { CommandClient } from '../commands/command-client';
import { ALWAYS_FRESH, type ReadYourWrites } from '@tenantry/read-model';
import { isRootAdministrator, maySeeTenant } from '../auth';
import { Forbidden } from '../errors';
import { withoutIdempotencyKey } from '../commands/idempotency-key';
import { EdgeError } from '../errors';
import { type Connection, connectionOf, type PageParameterNames, readPage } from './connection';

/** A search longer than any id or name finds nothing; refusing it keeps the query plain. */
export const MAX_SEARCH_LENGTH = 200;

type PageOf = PageRequest & { names: PageParameterNames };

export const ONLY_ROOT_MANAGES_TENANTS = 'Only root administrators can manage tenants';

/**
 * What callers may read and ask about tenants, shared by GraphQL and REST: root
 * administrators see and manage every tenant; anyone else sees only their own
 * tenant and manages none.
 */
export interface Tenants {
  list(by: Principal, filter?: { status?: ProvisioningStatus }): Promise<TenantView[]>;
  get(by: Principal, id: string): Promise<TenantView | null>;
  operations(
    by: Principal,
    filter: { status?: OperationStatus; tenantId?: string; first: number },
  ): Promise<OperationView[]>;
  operation(by: Principal, id: string): Promise<OperationView | null>;
  operationsOf(tenantId: string): Promise<OperationView[]>;
  /** Newest first; a tenant administrator's page holds their own tenant at most. */
  tenantsConnection(
    by: Principal,
    filter: { status?: ProvisioningStatus; search?: string },
    page: PageOf,
  ): Promise<Connection<TenantView>>;
  /** Newest first; a tenant administrator's are those of their own tenant. */
  operationsConnection(by: Principal, filter: OperationFilter, page: PageOf): Promise<Connection<OperationView>>;
  queueStats(by: Principal): Promise<QueueStatsView>;
  create(by: Principal, input: unknown, context?: CommandContext): Promise<Accepted>;
  update(by: Principal, id: string, input: unknown, context?: CommandContext): Promise<Accepted>;
  retry(by: Principal, id: string, context?: CommandContext): Promise<Accepted>;
  cancel(by: Principal, id: string, context?: CommandContext): Promise<Accepted>;
  delete(by: Principal, id: string, context?: CommandContext): Promise<Accepted>;
}

/** What travels with a command besides its input: the request's correlation id and the client's idempotency key. */
export interface CommandContext {
  correlationId?: string;
  /** GraphQL's `idempotencyKey` argument or REST's `Idempotency-Key` header; an input's own `idempotencyKey` otherwise. */
  idempotencyKey?: string | null;
}

/**
 * `onActor` learns who initiates an operation (the email fallback's directory);
 * `freshness` makes reads of tenants show every change accepted before them.
 */
export function createTenants(
  queries: ReadModelQueries,
  commands: CommandClient,
  options: { onActor?: (by: Principal) => void; freshness?: ReadYourWrites } = {},
): Tenants {
  const freshness = options.freshness ?? ALWAYS_FRESH;
  /** Read again when the first read was behind: the projector has caught up since. */
  const freshTenant = async (id: string) => {
    if (!isStorableText(id)) return null;
    const shown = await queries.tenant(id);
    return (await freshness.tenant(id, shown?.version)) ? queries.tenant(id) : shown;
  };
  const command = (
    name: CommandName,
    by: Principal,
    request: { tenantId?: string; input?: unknown },
    context: CommandContext = {},
  ) => {
    if (!isRootAdministrator(by)) throw new Forbidden(ONLY_ROOT_MANAGES_TENANTS);
    options.onActor?.(by);
    const actor = { userId: by.userId, tenantId: by.tenantId, roles: by.roles };
    const { input, idempotencyKey } = withoutIdempotencyKey(request.input, context.idempotencyKey);
    return commands.send(name, { actor, correlationId: context.correlationId, ...request, input, idempotencyKey });
  };
  return {
    async list(by, filter) {
      if (!isRootAdministrator(by)) {
        const own = await freshTenant(by.tenantId);
        return own && (!filter?.status || own.status === filter.status) ? [own] : [];
      }
      await freshness.everyTenant();
      return queries.tenants(filter);
    },
    get: async (by, id) => (maySeeTenant(by, id) ? freshTenant(id) : null),
    async operations(by, filter) {
      if (isRootAdministrator(by)) return queries.operations(filter);
      if (filter.tenantId !== undefined && filter.tenantId !== by.tenantId) return [];
      return queries.operations({ ...filter, tenantId: by.tenantId });
    },
    async operation(by, id) {
      const operation = await queries.operation(id);
      return operation && maySeeTenant(by, operation.tenantId) ? operation : null;
    },
    operationsOf: (tenantId) => queries.operationsOfTenant(tenantId),
    async tenantsConnection(by, { status, search }, page) {
      if (search !== undefined && (search.length > MAX_SEARCH_LENGTH || !isStorableText(search)))
        throw new EdgeError('BAD_USER_INPUT', 'Invalid search.', [
          { field: 'search', message: `At most ${MAX_SEARCH_LENGTH} characters of text.` },
        ]);
      const filter = { status, search, ...(isRootAdministrator(by) ? {} : { id: by.tenantId }) };
      // Read your writes, as the plain list: the caller's own tenant, or every tenant.
      if (isRootAdministrator(by)) await freshness.everyTenant();
      else await freshTenant(by.tenantId);
      const found = await readPage(page, () => queries.tenantsPage(filter, page));
      return connectionOf(found, () => queries.countTenants(filter));
    },
    async operationsConnection(by, filter, page) {
      const root = isRootAdministrator(by);
      const own = root ? filter : { ...filter, tenantId: by.tenantId };
      const foreign = !root && filter.tenantId !== undefined && filter.tenantId !== by.tenantId;
      if (foreign || (filter.tenantId !== undefined && !isStorableText(filter.tenantId)))
        return connectionOf({ edges: [], hasNextPage: false }, () => Promise.resolve(0));
      if (root) await freshness.everyTenant();
      else await freshTenant(by.tenantId);
      const found = await readPage(page, () => queries.operationsPage(own, page));
      return connectionOf(found, () => queries.countOperations(own));
    },
    async queueStats(by) {
      if (!isRootAdministrator(by)) throw new Forbidden(ONLY_ROOT_MANAGES_TENANTS);
      return queries.queueStats();
    },
    create: (by, input, context) => command('createTenant', by, { input }, context),
    update: (by, id, input, context) => command('updateTenant', by, { tenantId: id, input }, context),
    retry: (by, id, context) => command('retryTenantProvisioning', by, { tenantId: id }, context),
    cancel: (by, id, context) => command('cancelTenantOperation', by, { tenantId: id }, context),
    delete: (by, id, context) => command('deleteTenant', by, { tenantId: id }, context),
  };
}
