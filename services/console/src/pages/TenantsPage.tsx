import { useEffect, useState } from 'react';
import { TENANTS } from '../api/documents';
import { ProvisioningStatus, type TenantSummaryFragment as TenantSummary } from '../api/generated/graphql';
import { StatusBadge } from '../components/StatusBadge';
import { useQuery } from '../hooks/use-query';
import { useSession } from '../hooks/use-session';
import { useLive, useRefetchOnChange } from '../live/live-context';
import { formatTime } from '../logic/format';
import { isSettling, statusBadge } from '../logic/status';
import { mergeTenantLists, sortTenants, upsertTenant } from '../logic/tenants';
import { Link, navigate } from '../router';
import { tenantPath } from '../routes';

const isStatus = (value: string | null): value is ProvisioningStatus =>
  (Object.values(ProvisioningStatus) as string[]).includes(value ?? '');

/** Every tenant the user may see, filtered by status, kept current by the live feed. */
export function TenantsPage({ search }: { search: URLSearchParams }) {
  const { isRoot } = useSession();
  const { followTenant } = useLive();
  const requested = search.get('status');
  const filter = isStatus(requested) ? requested : undefined;
  const { data, error, loading, refetch } = useQuery(TENANTS, { status: filter ?? null });
  const [tenants, setTenants] = useState<TenantSummary[]>([]);

  // Each answer is merged once, as it is rendered (React's "information from previous renders").
  const [mergedAnswer, setMergedAnswer] = useState<typeof data>();
  if (data !== mergedAnswer) {
    setMergedAnswer(data);
    if (data) setTenants((known) => mergeTenantLists(known, data.tenants));
  }
  useRefetchOnChange(refetch);

  // Follow each tenant whose status will move by itself, so its row changes as it happens. A tenant's
  // admin has no feed of everyone's changes (scope ALL is for root), so they follow their tenant always.
  const settling = tenants
    .filter((t) => !isRoot || isSettling(t.status))
    .map((t) => t.id)
    .sort()
    .join(',');
  useEffect(() => {
    if (!settling) return;
    const stops = settling
      .split(',')
      .map((id) => followTenant(id, (tenant) => setTenants((list) => upsertTenant(list, tenant, filter))));
    return () => stops.forEach((stop) => stop());
  }, [settling, followTenant, filter]);

  const setFilter = (status: string) => navigate(status ? `/tenants?status=${status}` : '/tenants', { replace: true });
  const rows = sortTenants(tenants).filter((t) => !filter || t.status === filter);

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
        <p className="empty">No tenants{filter ? ` with status ${statusBadge(filter).label}` : ''}.</p>
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
    </section>
  );
}
