import type { ReactNode } from 'react';
import type { OperationDetailFragment as Operation } from '../api/generated/graphql';
import { formatDuration, formatTime } from '../logic/format';
import { STEP_LABELS } from '../logic/steps';
import { Link } from '../router';
import { tenantPath } from '../routes';
import { OperationBadge } from './StatusBadge';

interface OperationsTableProps {
  operations: Operation[];
  caption: string;
  showTenant?: boolean;
  /** Extra cell per row, e.g. a Retry button. */
  action?: (operation: Operation) => ReactNode;
}

/** Background jobs: kind, status, attempts, timing, step and error. */
export function OperationsTable({ operations, caption, showTenant = false, action }: OperationsTableProps) {
  if (operations.length === 0) return <p className="empty">No operations.</p>;
  return (
    <table className="table operations-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {showTenant && <th scope="col">Tenant</th>}
          <th scope="col">Kind</th>
          <th scope="col">Status</th>
          <th scope="col">Priority</th>
          <th scope="col">Attempt</th>
          <th scope="col">Requested</th>
          <th scope="col">Duration</th>
          <th scope="col">Step</th>
          <th scope="col">Error</th>
          {action && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {operations.map((op) => (
          <tr key={op.id} data-operation-id={op.id} data-tenant-id={op.tenantId}>
            {showTenant && (
              <td data-label="Tenant">
                <Link to={tenantPath(op.tenantId)}>{op.tenantId}</Link>
              </td>
            )}
            <td data-label="Kind">{op.kind.toLowerCase()}</td>
            <td data-label="Status">
              <OperationBadge status={op.status} />
            </td>
            <td data-label="Priority">{op.priority.toLowerCase()}</td>
            <td data-label="Attempt" data-attempt={op.attempt}>
              {op.attempt}
            </td>
            <td data-label="Requested">{formatTime(op.requestedAt)}</td>
            <td data-label="Duration">{formatDuration(op.startedAt ?? op.requestedAt, op.finishedAt)}</td>
            <td data-label="Step">{op.step ? stepText(op) : '—'}</td>
            <td data-label="Error" className="cell-error">
              {op.error ?? '—'}
            </td>
            {action && <td data-label="Actions">{action(op)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Creating database…" while it runs; the step's name alone once the operation stopped there. */
const stepText = (op: Operation): string => {
  const label = op.step === 'CUSTOM' && op.stepName ? `${op.stepName}…` : (STEP_LABELS[op.step!] ?? op.step!);
  return op.status === 'RUNNING' ? label : label.replace(/…$/, '');
};
