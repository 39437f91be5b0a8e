import { isActionAllowed } from '@tenantry/tenant-domain';
import type { OperationKind, OperationStatus, ProvisioningStatus } from '../api/generated/graphql';

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

/** What a root administrator may ask of a tenant: tenant-domain's lifecycle rules, as the decider applies them. */
export interface TenantActions {
  edit: boolean;
  retry: boolean;
  cancel: boolean;
  delete: boolean;
}

export function tenantActions(tenant: {
  id: string;
  status: ProvisioningStatus;
  currentOperation: { kind: OperationKind } | null;
}): TenantActions {
  const target = { tenantId: tenant.id, status: tenant.status, operationKind: tenant.currentOperation?.kind ?? null };
  return {
    edit: isActionAllowed(target, 'update'),
    retry: isActionAllowed(target, 'retry'),
    cancel: isActionAllowed(target, 'cancel'),
    delete: isActionAllowed(target, 'delete'),
  };
}

/** Statuses that will change by themselves: the list follows these tenants live. */
export const isSettling = (status: ProvisioningStatus): boolean => statusBadge(status).busy || status === 'PENDING';
