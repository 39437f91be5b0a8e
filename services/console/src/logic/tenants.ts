import type { ProvisioningStatus, TenantSummaryFragment as TenantSummary } from '../api/generated/graphql';

/** Of two views of one tenant, the one from the later stream revision wins; ties go to the incoming one. */
export const newer = <T extends { version: number }>(current: T | undefined, incoming: T): T =>
  current && current.version > incoming.version ? current : incoming;

/** The list with `tenant` put in (or kept out when the filter excludes its status), newest view winning. */
export function upsertTenant<T extends TenantSummary>(list: readonly T[], tenant: T, filter?: ProvisioningStatus): T[] {
  const index = list.findIndex((t) => t.id === tenant.id);
  const merged = newer(index >= 0 ? list[index] : undefined, tenant);
  const fits = !filter || merged.status === filter;
  if (index < 0) return fits ? [...list, merged] : [...list];
  const copy = [...list];
  if (fits) copy[index] = merged;
  else copy.splice(index, 1);
  return copy;
}

/** A refetched list, keeping any row the live feed already knows a newer revision of. */
export function mergeTenantLists<T extends TenantSummary>(known: readonly T[], fetched: readonly T[]): T[] {
  const byId = new Map(known.map((t) => [t.id, t]));
  return fetched.map((t) => newer(byId.get(t.id), t));
}

export const sortTenants = <T extends TenantSummary>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
