import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Principal } from '@tenantry/auth';
import {
  Accepted,
  CreateTenantInput,
  ProvisioningStatus,
  TenantNotFound,
  UpdateTenantInput,
} from '@tenantry/tenant-domain';
import type { GatewayServices } from '../graphql/context';
import { EdgeError, type ErrorCode } from '../errors';
import { headerValue, readJsonBody, sendJson } from './http-io';
import type { CommandContext } from '../app/tenants';
import { TenantResource, tenantLocation, tenantResource } from './tenant-resource';
import { MAX_PAGE_SIZE, pageRequest } from '../app/connection';
import { MAX_SEARCH_LENGTH } from '../app/tenants';

/** A page of `GET /api/tenants` when `limit` is not given. */
export const DEFAULT_REST_PAGE = 50;

export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  principal: Principal;
  params: { id?: string };
  query: URLSearchParams;
  services: GatewayServices;
  correlationId: string;
}

/** What a route takes and answers: the OpenAPI document (openapi.ts) is made from it. */
export interface RouteContract {
  operationId: string;
  summary: string;
  /** The query parameters it reads, by name. */
  query?: Record<string, z.ZodType>;
  /** The JSON body it reads (validated by tenant-command with this schema). */
  body?: z.ZodType;
  /** Its answer when it succeeds; 202 also sends Location. */
  success: { status: 200 | 202; body: z.ZodType; headers?: Record<string, string> };
  /** Every problem it can answer besides those of every route (ALWAYS_POSSIBLE). */
  problems: readonly ErrorCode[];
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI path template, e.g. `/api/tenants/{id}`; a trailing slash matches too. */
  path: string;
  /** Matches `path`, `{name}` as a named group. */
  pattern: RegExp;
  contract: RouteContract;
  handle(request: RouteRequest): Promise<void>;
}

/** Any route can be asked without a valid token, fail unexpectedly, or find NATS or the read model unavailable. */
export const ALWAYS_POSSIBLE: readonly ErrorCode[] = ['UNAUTHENTICATED', 'SERVICE_UNAVAILABLE', 'INTERNAL'];
/** Commands: only root administrators send them; tenant-command refuses what the tenant's state does not allow. */
const COMMAND_PROBLEMS: readonly ErrorCode[] = [
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'ROOT_TENANT_IMMUTABLE',
  'INVALID_STATE',
];

/** `/api/tenants/{id}` → /^\/api\/tenants\/(?<id>[^/]+)\/?$/ */
export const pathPattern = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\/]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}\\/?$`);

const route = (method: Route['method'], path: string, contract: RouteContract, handle: Route['handle']): Route => ({
  method,
  path,
  pattern: pathPattern(path),
  contract,
  handle,
});

const accepted = (res: ServerResponse, result: Accepted) =>
  sendJson(res, 202, result, { location: tenantLocation(result.tenantId) });

const statusFilter = (query: URLSearchParams): ProvisioningStatus | undefined => {
  const status = query.get('status');
  if (status === null) return undefined;
  const parsed = ProvisioningStatus.safeParse(status);
  if (!parsed.success)
    throw new EdgeError('BAD_USER_INPUT', `Unknown status '${status}'.`, [
      { field: 'status', message: `Must be one of ${ProvisioningStatus.options.join(', ')}.` },
    ]);
  return parsed.data;
};

const limitOf = (query: URLSearchParams): number => {
  const limit = query.get('limit');
  if (limit === null) return DEFAULT_REST_PAGE;
  // Not a number reaches pageRequest as NaN and is refused there, naming `limit`.
  return /^\d{1,4}$/.test(limit) ? Number(limit) : Number.NaN;
};

/** The same list with the next page's cursor: a relative reference, so it holds behind any proxy path. */
function nextLink(query: URLSearchParams, cursor: string): string {
  const next = new URLSearchParams(query);
  next.set('cursor', cursor);
  return `</api/tenants?${next.toString()}>; rel="next"`;
}

/** The REST facade (README, "The same over REST"): bodies use the GraphQL input field names. */
export const TENANT_ROUTES: Route[] = [
  route(
    'GET',
    '/api/tenants',
    {
      operationId: 'listTenants',
      summary:
        'List the tenants the caller may see (a tenant administrator: their own), newest first, a page at a time: ' +
        'follow the `next` link of the Link header (absent on the last page)',
      query: {
        limit: z.int().min(0).max(MAX_PAGE_SIZE).default(DEFAULT_REST_PAGE).describe('Tenants per page.'),
        cursor: z.string().optional().describe("Where the page starts: from the previous page's `next` link."),
        status: ProvisioningStatus.optional(),
        search: z
          .string()
          .max(MAX_SEARCH_LENGTH)
          .optional()
          .describe('A case-insensitive prefix of the tenant id or name.'),
      },
      success: {
        status: 200,
        body: z.array(TenantResource),
        headers: { Link: 'RFC 8288: `<…>; rel="next"`, the next page (same filters); absent on the last page.' },
      },
      problems: ['BAD_USER_INPUT'],
    },
    async ({ res, principal, query, services }) => {
      const status = statusFilter(query);
      const search = query.get('search') ?? undefined;
      const page = pageRequest(limitOf(query), query.get('cursor'), { first: 'limit', after: 'cursor' });
      const tenants = await services.tenants.tenantsConnection(principal, { status, search }, page);
      const next = tenants.pageInfo.hasNextPage ? tenants.pageInfo.endCursor : null;
      sendJson(res, 200, tenants.nodes.map(tenantResource), next ? { link: nextLink(query, next) } : {});
    },
  ),
  route(
    'POST',
    '/api/tenants',
    {
      operationId: 'createTenant',
      summary: 'Create a tenant: provisioning runs in the background',
      body: CreateTenantInput,
      success: { status: 202, body: Accepted },
      problems: ['FORBIDDEN', 'BAD_USER_INPUT', 'TENANT_EXISTS', 'PAYLOAD_TOO_LARGE'],
    },
    async ({ req, res, principal, services, correlationId }) => {
      accepted(
        res,
        await services.tenants.create(principal, await readJsonBody(req), commandContext(req, correlationId)),
      );
    },
  ),
  route(
    'GET',
    '/api/tenants/{id}',
    {
      operationId: 'getTenant',
      summary: 'Read one tenant',
      success: { status: 200, body: TenantResource },
      problems: ['NOT_FOUND'],
    },
    async ({ res, principal, params, services }) => {
      const tenant = await services.tenants.get(principal, params.id!);
      if (!tenant) throw new TenantNotFound(params.id!);
      sendJson(res, 200, tenantResource(tenant));
    },
  ),
  route(
    'PUT',
    '/api/tenants/{id}',
    {
      operationId: 'updateTenant',
      summary: 'Rename or (de)activate a tenant',
      body: UpdateTenantInput,
      success: { status: 202, body: Accepted },
      problems: [...COMMAND_PROBLEMS, 'PAYLOAD_TOO_LARGE'],
    },
    async ({ req, res, principal, params, services, correlationId }) => {
      accepted(
        res,
        await services.tenants.update(
          principal,
          params.id!,
          await readJsonBody(req),
          commandContext(req, correlationId),
        ),
      );
    },
  ),
  route(
    'DELETE',
    '/api/tenants/{id}',
    {
      operationId: 'deleteTenant',
      summary: 'Delete a tenant and its database',
      success: { status: 202, body: Accepted },
      problems: COMMAND_PROBLEMS,
    },
    async ({ req, res, principal, params, services, correlationId }) => {
      accepted(res, await services.tenants.delete(principal, params.id!, commandContext(req, correlationId)));
    },
  ),
  route(
    'POST',
    '/api/tenants/{id}/retry',
    {
      operationId: 'retryTenantProvisioning',
      summary: 'Retry the failed creation of a tenant',
      success: { status: 202, body: Accepted },
      problems: COMMAND_PROBLEMS,
    },
    async ({ req, res, principal, params, services, correlationId }) => {
      accepted(res, await services.tenants.retry(principal, params.id!, commandContext(req, correlationId)));
    },
  ),
  route(
    'POST',
    '/api/tenants/{id}/cancel',
    {
      operationId: 'cancelTenantOperation',
      summary: "Cancel the tenant's running operation",
      success: { status: 202, body: Accepted },
      problems: COMMAND_PROBLEMS,
    },
    async ({ req, res, principal, params, services, correlationId }) => {
      accepted(res, await services.tenants.cancel(principal, params.id!, commandContext(req, correlationId)));
    },
  ),
];

/** REST's `Idempotency-Key` header (IETF draft-ietf-httpapi-idempotency-key-header) with the request's correlation id. */
function commandContext(req: IncomingMessage, correlationId: string): CommandContext {
  return { correlationId, idempotencyKey: headerValue(req, 'idempotency-key') };
}
