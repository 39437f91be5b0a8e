import type { OperationStatus, ProvisioningStatus } from '../api/generated/graphql';
import { operationBadge, statusBadge, type Badge } from '../logic/status';
import { Spinner } from './Spinner';

// data-tenant-status / data-operation-status: what the browser tests read.
function BadgeView({ badge, data }: { badge: Badge; data: Record<string, string> }) {
  return (
    <span className={`badge badge-${badge.tone}`} {...data}>
      {badge.busy && <Spinner />}
      {badge.label}
    </span>
  );
}

export const StatusBadge = ({ status }: { status: ProvisioningStatus }) => (
  <BadgeView badge={statusBadge(status)} data={{ 'data-tenant-status': status }} />
);

export const OperationBadge = ({ status }: { status: OperationStatus }) => (
  <BadgeView badge={operationBadge(status)} data={{ 'data-operation-status': status }} />
);
