import type { OperationStatus, ProvisioningStatus } from '../api/generated/graphql';

export type Tone = 'grey' | 'blue' | 'green' | 'red' | 'amber' | 'purple' | 'dark';

export interface Badge {
  label: string;
  tone: Tone;
  /** Work is under way: the badge shows a spinner. */
  busy: boolean;
}

/** How each tenant status looks; the switch is exhaustive, so a new status fails the build. */
export function statusBadge(status: ProvisioningStatus): Badge {
  switch (status) {
    case 'PENDING':
      return { label: 'Pending', tone: 'grey', busy: false };
    case 'PROVISIONING':
      return { label: 'Provisioning', tone: 'blue', busy: true };
    case 'ACTIVE':
      return { label: 'Active', tone: 'green', busy: false };
    case 'FAILED':
      return { label: 'Failed', tone: 'red', busy: false };
    case 'UPDATING':
      return { label: 'Updating', tone: 'amber', busy: true };
    case 'CANCELLING':
      return { label: 'Cancelling', tone: 'purple', busy: true };
    case 'CANCELLED':
      return { label: 'Cancelled', tone: 'grey', busy: false };
    case 'DELETING':
      return { label: 'Deleting', tone: 'dark', busy: true };
    case 'DELETED':
      return { label: 'Deleted', tone: 'dark', busy: false };
    default: {
      const unknown: never = status;
      return { label: String(unknown), tone: 'grey', busy: false };
    }
  }
}

export function operationBadge(status: OperationStatus): Badge {
  switch (status) {
    case 'QUEUED':
      return { label: 'Queued', tone: 'grey', busy: false };
    case 'RUNNING':
      return { label: 'Running', tone: 'blue', busy: true };
    case 'SUCCEEDED':
      return { label: 'Succeeded', tone: 'green', busy: false };
    case 'FAILED':
      return { label: 'Failed', tone: 'red', busy: false };
    case 'CANCELLED':
      return { label: 'Cancelled', tone: 'grey', busy: false };
    default: {
      const unknown: never = status;
      return { label: String(unknown), tone: 'grey', busy: false };
    }
  }
}

export const ROOT_TENANT_ID = 'root';

/** What a root administrator may ask of a tenant in this status (docs/architecture.md, tenant lifecycle). */
export interface TenantActions {
  edit: boolean;
  retry: boolean;
  cancel: boolean;
  delete: boolean;
}

export function tenantActions(tenantId: string, status: ProvisioningStatus): TenantActions {
  if (tenantId === ROOT_TENANT_ID) return { edit: false, retry: false, cancel: false, delete: false };
  return {
    edit: status === 'ACTIVE',
    retry: status === 'FAILED',
    cancel: status === 'PENDING' || status === 'PROVISIONING',
    delete: status === 'ACTIVE' || status === 'FAILED' || status === 'CANCELLED',
  };
}

/** Statuses that will change by themselves: the list follows these tenants live. */
export const isSettling = (status: ProvisioningStatus): boolean => statusBadge(status).busy || status === 'PENDING';
