export type Route =
  | { page: 'tenants' }
  | { page: 'new-tenant' }
  | { page: 'tenant'; id: string }
  | { page: 'jobs' }
  | { page: 'login' }
  | { page: 'not-found' };

/** The page for a path; unknown paths are a page of their own, not a redirect. */
export function routeOf(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'tenants')) return { page: 'tenants' };
  if (parts[0] === 'tenants' && parts[1] === 'new' && parts.length === 2) return { page: 'new-tenant' };
  if (parts[0] === 'tenants' && parts.length === 2) return { page: 'tenant', id: parts[1]! };
  if (parts[0] === 'jobs' && parts.length === 1) return { page: 'jobs' };
  if (parts[0] === 'login' && parts.length === 1) return { page: 'login' };
  return { page: 'not-found' };
}

export const tenantPath = (id: string): string => `/tenants/${encodeURIComponent(id)}`;
