import { useEffect, useState } from 'react';
import { OPERATIONS, RETRY_TENANT } from '../api/documents';
import {
  OperationKind,
  OperationStatus,
  type OperationDetailFragment as Operation,
  type OperationsQuery,
} from '../api/generated/graphql';
import { LoadMore } from '../components/LoadMore';
import { OperationsTable } from '../components/OperationsTable';
import { useMutation } from '../hooks/use-mutation';
import { usePagedQuery } from '../hooks/use-paged-query';
import { useRefetchOnChange } from '../live/live-context';
import type { ListOrder } from '../logic/pages';
import { operationBadge } from '../logic/status';

const STAT_LABELS: [keyof OperationsQuery['queueStats'], string][] = [
  ['queued', 'Queued'],
  ['running', 'Running'],
  ['succeeded', 'Succeeded'],
  ['failed', 'Failed'],
  ['redelivered', 'Redelivered'],
  ['workers', 'Workers'],
];
const canRetry = (op: Operation) => op.kind === 'CREATE' && op.status === 'FAILED';
/** Operations per page. */
const PAGE_SIZE = 20;
/** Typing pauses this long before the tenant filter applies. */
const TENANT_FILTER_DELAY_MS = 250;
const OPERATION_ORDER: ListOrder<Operation> = {
  key: (op) => op.id,
  compare: (a, b) => b.requestedAt.localeCompare(a.requestedAt) || a.id.localeCompare(b.id),
};
const isKind = (value: string): value is OperationKind => (Object.values(OperationKind) as string[]).includes(value);

/**
 * The job dashboard: queue numbers, operations newest first a page at a time, filtered by
 * status, kind and tenant, retry where a failed create allows it.
 */
export function JobsPage() {
  const [status, setStatus] = useState<OperationStatus>();
  const [kind, setKind] = useState<OperationKind>();
  const [typedTenant, setTypedTenant] = useState('');
  const [tenantId, setTenantId] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTenantId(typedTenant.trim()), TENANT_FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typedTenant]);
  const { data, list, error, loadingMore, loadMore, refetch } = usePagedQuery(
    OPERATIONS,
    { status: status ?? null, kind: kind ?? null, tenantId: tenantId || null, first: PAGE_SIZE },
    (result) => result.operationsConnection,
    OPERATION_ORDER,
  );
  const retry = useMutation(RETRY_TENANT);
  const [retried, setRetried] = useState<string>();
  useRefetchOnChange(refetch);

  const runRetry = async (op: Operation) => {
    const { data: accepted } = await retry.run({ id: op.tenantId });
    if (accepted) {
      setRetried(op.tenantId);
      void refetch();
    }
  };

  return (
    <section aria-labelledby="jobs-title">
      <h1 id="jobs-title">Jobs</h1>
      {data && (
        <ul className="stats" aria-label="Queue statistics">
          {STAT_LABELS.map(([key, label]) => (
            <li key={key} className="stat card" data-stat={key}>
              <span className="stat-value">{data.queueStats[key]}</span>
              <span className="stat-label">{label}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="tabs" role="group" aria-label="Operation status">
        <button type="button" aria-pressed={status === undefined} onClick={() => setStatus(undefined)}>
          All
        </button>
        {Object.values(OperationStatus).map((s) => (
          <button key={s} type="button" aria-pressed={status === s} onClick={() => setStatus(s)}>
            {operationBadge(s).label}
          </button>
        ))}
      </div>
      <div className="toolbar">
        <label htmlFor="kind-filter">Kind</label>
        <select
          id="kind-filter"
          value={kind ?? ''}
          onChange={(e) => setKind(isKind(e.target.value) ? e.target.value : undefined)}
        >
          <option value="">All kinds</option>
          {Object.values(OperationKind).map((k) => (
            <option key={k} value={k}>
              {k.toLowerCase()}
            </option>
          ))}
        </select>
        <label htmlFor="tenant-filter">Tenant</label>
        <input
          id="tenant-filter"
          type="text"
          placeholder="Tenant id"
          value={typedTenant}
          onChange={(e) => setTypedTenant(e.target.value)}
        />
      </div>
      {(error ?? retry.error) && (
        <div className="alert alert-error" role="alert">
          {(error ?? retry.error)?.message}
        </div>
      )}
      {retried && !retry.error && (
        <p className="alert alert-info" role="status">
          Retry of {retried} accepted.
        </p>
      )}
      {list && (
        <OperationsTable
          operations={list.items}
          caption={status ? `${operationBadge(status).label} operations` : 'All operations'}
          showTenant
          action={(op) =>
            canRetry(op) && (
              <button
                type="button"
                className="button-small"
                disabled={retry.running}
                onClick={() => void runRetry(op)}
                aria-label={`Retry ${op.tenantId}`}
              >
                Retry
              </button>
            )
          }
        />
      )}
      {list && <LoadMore list={list} noun="operations" loading={loadingMore} onLoadMore={() => void loadMore()} />}
    </section>
  );
}
