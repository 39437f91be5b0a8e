import { useState } from 'react';
import { OPERATIONS, RETRY_TENANT } from '../api/documents';
import {
  OperationStatus,
  type OperationDetailFragment as Operation,
  type OperationsQuery,
} from '../api/generated/graphql';
import { OperationsTable } from '../components/OperationsTable';
import { useMutation } from '../hooks/use-mutation';
import { useQuery } from '../hooks/use-query';
import { useRefetchOnChange } from '../live/live-context';
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

/** The job dashboard: queue numbers, operations by status, retry where a failed create allows it. */
export function JobsPage() {
  const [status, setStatus] = useState<OperationStatus>();
  const { data, error, refetch } = useQuery(OPERATIONS, {
    status: status ?? null,
    first: 100,
  });
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
      {data && (
        <OperationsTable
          operations={data.operations}
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
    </section>
  );
}
