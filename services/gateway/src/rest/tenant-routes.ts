import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '@tenantry/auth';
import { ProvisioningStatus, TenantNotFound } from '@tenantry/tenant-domain';
import type { Accepted } from '@tenantry/tenant-domain';
import type { GatewayServices } from '../graphql/context';
import { EdgeError } from '../errors';
import { readJsonBody, sendJson } from './http-io';
import { tenantLocation, tenantResource } from './tenant-resource';

export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  principal: Principal;
  params: { id?: string };
  query: URLSearchParams;
  services: GatewayServices;
  correlationId: string;
}

export interface Route {
  method: string;
  pattern: RegExp;
  handle(request: RouteRequest): Promise<void>;
}

const accepted = (res: ServerResponse, result: Accepted) =>
  sendJson(res, 202, result, { location: tenantLocation(result.tenantId) });

const statusFilter = (query: URLSearchParams): ProvisioningStatus | undefined => {
  const status = query.get('status');
  if (status === null) return undefined;
  const parsed = ProvisioningStatus.safeParse(status);
  if (!parsed.success) throw new EdgeError('BAD_USER_INPUT', `Unknown status '${status}'.`, [{ field: 'status', message: `Must be one of ${ProvisioningStatus.options.join(', ')}.` }]);
  return parsed.data;
};

/** The REST facade (README, "The same over REST"): bodies use the GraphQL input field names. */
export const TENANT_ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/tenants\/?$/,
    async handle({ res, principal, query, services }) {
      const tenants = await services.tenants.list(principal, { status: statusFilter(query) });
      sendJson(res, 200, tenants.map(tenantResource));
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/tenants\/?$/,
    async handle({ req, res, principal, services, correlationId }) {
      accepted(res, await services.tenants.create(principal, await readJsonBody(req), correlationId));
    },
  },
  {
    method: 'GET',
    pattern: /^\/api\/tenants\/(?<id>[^/]+)\/?$/,
    async handle({ res, principal, params, services }) {
      const tenant = await services.tenants.get(principal, params.id!);
      if (!tenant) throw new TenantNotFound(params.id!);
      sendJson(res, 200, tenantResource(tenant));
    },
  },
  {
    method: 'PUT',
    pattern: /^\/api\/tenants\/(?<id>[^/]+)\/?$/,
    async handle({ req, res, principal, params, services, correlationId }) {
      accepted(res, await services.tenants.update(principal, params.id!, await readJsonBody(req), correlationId));
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/api\/tenants\/(?<id>[^/]+)\/?$/,
    async handle({ res, principal, params, services, correlationId }) {
      accepted(res, await services.tenants.delete(principal, params.id!, correlationId));
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/tenants\/(?<id>[^/]+)\/retry\/?$/,
    async handle({ res, principal, params, services, correlationId }) {
      accepted(res, await services.tenants.retry(principal, params.id!, correlationId));
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/tenants\/(?<id>[^/]+)\/cancel\/?$/,
    async handle({ res, principal, params, services, correlationId }) {
      accepted(res, await services.tenants.cancel(principal, params.id!, correlationId));
    },
  },
];
