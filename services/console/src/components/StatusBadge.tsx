import type { OperationStatus, ProvisioningStatus } from '../api/types';
import { operationBadge, statusBadge, type Badge } from '../logic/status';
import { Spinner } from './Spinner';

function BadgeView({ badge, value }: { badge: Badge; value: string }) {
  return (
    <span className={`badge badge-${badge.tone}`} data-status={value}>
      {badge.busy && <Spinner />}
      {badge.label}
    </span>
  );
}

export const StatusBadge = ({ status }: { status: ProvisioningStatus }) => <BadgeView badge={statusBadge(status)} value={status} />;

export const OperationBadge = ({ status }: { status: OperationStatus }) => <BadgeView badge={operationBadge(status)} value={status} />;
