import { useEffect, useState } from 'react';
import { TENANTS } from '../api/documents';
import { ProvisioningStatus, type TenantSummaryFragment as TenantSummary } from '../api/generated/graphql';
import { LoadMore } from '../components/LoadMore';
import { StatusBadge } from '../components/StatusBadge';
import { usePagedQuery } from '../hooks/use-paged-query';
import { useSession } from '../hooks/use-session';
import { useLive, useRefetchOnChange } from '../live/live-context';
import { formatTime } from '../logic/format';
import { withItem, type ListOrder } from '../logic/pages';
import { isSettling, statusBadge } from '../logic/status';
import { newer } from '../logic/tenants';
import { Link, navigate } from '../router';
import { tenantPath } from '../routes';

const isStatus = (value: string | null): value is ProvisioningStatus =>
  (Object.values(ProvisioningStatus) as string[]).includes(value ?? '');

/** Tenants per page. */
export const TENANTS_PAGE_SIZE = 50;
/** Typing pauses this long before the list is searched. */
const SEARCH_DELAY_MS = 250;

const TENANT_ORDER: ListOrder<TenantSummary> = {
  key: (t) => t.id,
  // The API's order: newest first, ties by id.
  compare: (a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id),
  prefer: newer,
};

/** The URL of the list with this filter and search, so a reload or a shared link shows the same list. */
const listPath = (status: string | undefined, search: string): string => {
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (search) query.set('search', search);
  const text = query.toString();
  return text ? `/tenants?${text}` : '/tenants';
};

/**
 * The tenants the user may see, newest first, a page at a time, filtered by status and
 * searched by id or name prefix; kept current by the live feed: the first page is read
 * again on every change (a new matching tenant appears at the top), and a tenant whose
 * status moves by itself is followed so its row changes as it happens.
 */
export function TenantsPage({ search }: { search: URLSearchParams }) {
  const { isRoot } = useSession();
  const { followTenant } = useLive();
  const requested = search.get('status');
  const filter = isStatus(requested) ? requested : undefined;
  const searched = search.get('search')?.trim() ?? '';
  const [typed, setTyped] = useState(searched);
  const { list, error, loading, loadingMore, loadMore, refetch, update } = usePagedQuery(
    TENANTS,
    { status: filter ?? null, search: searched || null, first: TENANTS_PAGE_SIZE },
    (data) => data.tenantsConnection,
    TENANT_ORDER,
  );
  const tenants = list?.items ?? [];
  useRefetchOnChange(refetch);

  // The search box drives the URL after a pause in typing; the URL drives the query.
  useEffect(() => {
    if (typed.trim() === searched) return;
    const timer = setTimeout(() => navigate(listPath(filter, typed.trim()), { replace: true }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed, searched, filter]);

  // Follow each shown tenant whose status will move by itself, so its row changes as it happens. A tenant's
  // admin has no feed of everyone's changes (scope ALL is for root), so they follow their tenant always.
  const settling = tenants
    .filter((t) => !isRoot || isSettling(t.status))
    .map((t) => t.id)
    .sort()
    .join(',');
  useEffect(() => {
    if (!settling) return;
    const fits = (t: TenantSummary) => !filter || t.status === filter;
    const stops = settling
      .split(',')
      .map((id) => followTenant(id, (tenant) => update((shown) => withItem(shown, tenant, TENANT_ORDER, fits))));
    return () => stops.forEach((stop) => stop());
  }, [settling, followTenant, filter, update]);

  const setFilter = (status: string) => navigate(listPath(status || undefined, searched), { replace: true });
  const rows = tenants;

  return (
    <section aria-labelledby="tenants-title">
      <div className="page-head">
        <h1 id="tenants-title">Tenants</h1>
        {isRoot && (
          <Link to="/tenants/new" className="button button-primary">
            New tenant
          </Link>
        )}
      </div>
      <div className="toolbar">
        <label htmlFor="tenant-search">Search</label>
        <input
          id="tenant-search"
          type="search"
          placeholder="Id or name starts with…"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <label htmlFor="status-filter">Status</label>
        <select id="status-filter" value={filter ?? ''} onChange={(e) => setFilter(e.target.value)}>
          <option value="">All statuses</option>
          {Object.values(ProvisioningStatus).map((s) => (
            <option key={s} value={s}>
              {statusBadge(s).label}
            </option>
          ))}
        </select>
        {loading && (
          <span className="muted" aria-live="polite">
            Loading…
          </span>
        )}
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error.message}
        </div>
      )}
      {!loading && rows.length === 0 && !error && (
        <p className="empty">
          No tenants{filter ? ` with status ${statusBadge(filter).label}` : ''}
          {searched ? ` matching “${searched}”` : ''}.
        </p>
      )}
      {rows.length > 0 && (
        <table className="table tenants-table">
          <caption className="visually-hidden">Tenants{filter ? `, status ${statusBadge(filter).label}` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Tenant</th>
              <th scope="col">Status</th>
              <th scope="col">Database</th>
              <th scope="col">Admin</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.id} data-tenant-id={t.id}>
                <td data-label="Tenant">
                  <Link to={tenantPath(t.id)} className="tenant-link">
                    {t.name}
                  </Link>
                  <span className="muted tenant-id">{t.id}</span>
                  {!t.isActive && <span className="tag">inactive</span>}
                </td>
                <td data-label="Status">
                  <StatusBadge status={t.status} />
                </td>
                <td data-label="Database">{t.database.mode.toLowerCase()}</td>
                <td data-label="Admin">{t.adminEmail}</td>
                <td data-label="Created">{formatTime(t.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list && <LoadMore list={list} noun="tenants" loading={loadingMore} onLoadMore={() => void loadMore()} />}
    </section>
  );
}
