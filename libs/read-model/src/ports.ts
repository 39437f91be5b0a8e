/**
 * What the GraphQL/REST edge needs from the read side. The projector keeps these
 * views current from the TENANT_EVENTS stream; they can be dropped and rebuilt.
 * Shapes follow the gateway's SDL (services/gateway/schema) (dates as Date, enums as strings).
 */
import type {
  OperationKind,
  OperationStatus,
  Priority,
  ProvisioningStatus,
  ProvisioningStep,
} from '@tenantry/tenant-domain';
import type { TenantView } from './tables/tenants';

export type { OperationStatus };
export const NOTIFICATION_TYPES = [
  'TENANT_CREATED',
  'TENANT_CREATION_FAILED',
  'TENANT_UPDATED',
  'TENANT_UPDATE_FAILED',
  'TENANT_PROVISIONING_PROGRESS',
  'TENANT_CANCELLED',
  'TENANT_DELETED',
  'TENANT_DELETION_FAILED',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** A tenant as the API shows it: declared with its table (tables/tenants.ts), its profile fields by tenant-domain (profile.ts). */
export type { TenantView };

export interface StepProgressView {
  step: ProvisioningStep;
  /** The custom step's name, or the built-in step's in lowercase-hyphen form. */
  stepName: string;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface OperationView {
  id: string;
  tenantId: string;
  kind: OperationKind;
  status: OperationStatus;
  priority: Priority;
  requestedBy: string;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempt: number;
  step: ProvisioningStep | null;
  /** Name of `step` (see StepProgressView.stepName). */
  stepName: string | null;
  steps: StepProgressView[];
  error: string | null;
  /** Creation only: the application's steps recorded with the request (the plan's tail). */
  customSteps: string[];
}

export interface TenantEventView {
  type: string;
  version: number;
  occurredAt: Date;
  /** JSON, secrets removed (publicEventData). */
  data: string;
}

export interface NotificationView {
  /** Opaque, ordered; resumes a feed after this notification. */
  cursor: string;
  type: NotificationType;
  /** The principal key (`<tenantId>/<userId>`) of who initiated the operation: only they receive it on MINE. */
  recipientId: string;
  tenantId: string;
  operationId: string;
  message: string;
  error: string | null;
  step: ProvisioningStep | null;
  stepName: string | null;
  occurredAt: Date;
}

export interface QueueStatsView {
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  redelivered: number;
  workers: number;
}

/** MINE: the notifications of one recipient, by principal key (`<tenantId>/<userId>`). */
export type NotificationScope = { kind: 'MINE'; recipient: string } | { kind: 'ALL' };

/** A page of a list, newest first: `first` items after the cursor `after` (exclusive). */
export interface PageRequest {
  first: number;
  /** An edge cursor this same list gave out; InvalidCursor otherwise. */
  after?: string;
}

export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  hasNextPage: boolean;
}

export interface TenantFilter {
  status?: ProvisioningStatus;
  /** A case-insensitive prefix of the id or the name; blank: none. */
  search?: string;
  /** Only this tenant (a tenant administrator's own). */
  id?: string;
}

export interface OperationFilter {
  status?: OperationStatus;
  tenantId?: string;
  kind?: OperationKind;
}

export interface ReadModelQueries {
  /** Newest first (created, then id). */
  tenantsPage(filter: TenantFilter, page: PageRequest): Promise<Page<TenantView>>;
  countTenants(filter: TenantFilter): Promise<number>;
  /** Newest first (requested, then id). */
  operationsPage(filter: OperationFilter, page: PageRequest): Promise<Page<OperationView>>;
  countOperations(filter: OperationFilter): Promise<number>;
  /** Newest first (by version). */
  historyPage(tenantId: string, page: PageRequest): Promise<Page<TenantEventView>>;
  countHistory(tenantId: string): Promise<number>;

  tenants(filter?: { status?: ProvisioningStatus }): Promise<TenantView[]>;
  tenant(id: string): Promise<TenantView | null>;
  operations(filter: { status?: OperationStatus; tenantId?: string; first: number }): Promise<OperationView[]>;
  operation(id: string): Promise<OperationView | null>;
  operationsOfTenant(tenantId: string): Promise<OperationView[]>;
  history(tenantId: string): Promise<TenantEventView[]>;
  notifications(scope: NotificationScope, options: { after?: string; first: number }): Promise<NotificationView[]>;
  queueStats(): Promise<QueueStatsView>;
}
