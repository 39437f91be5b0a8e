// The shapes the console reads from the gateway's GraphQL contract (services/gateway/schema).

export const PROVISIONING_STATUSES = [
  'PENDING',
  'PROVISIONING',
  'ACTIVE',
  'FAILED',
  'UPDATING',
  'CANCELLING',
  'CANCELLED',
  'DELETING',
  'DELETED',
] as const;
export type ProvisioningStatus = (typeof PROVISIONING_STATUSES)[number];

export const DATABASE_MODES = ['SHARED', 'ISOLATED', 'EXTERNAL'] as const;
export type DatabaseMode = (typeof DATABASE_MODES)[number];

export const PRIORITIES = ['LOW', 'NORMAL', 'HIGH'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type OperationKind = 'CREATE' | 'UPDATE' | 'DELETE';

export const OPERATION_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

export type ProvisioningStep =
  | 'CREATING_DATABASE'
  | 'RUNNING_MIGRATIONS'
  | 'CREATING_ADMIN'
  | 'ASSIGNING_ROLES'
  | 'APPLYING_UPDATE'
  | 'DROPPING_DATABASE'
  | 'CUSTOM';

export type NotificationType =
  | 'TENANT_CREATED'
  | 'TENANT_CREATION_FAILED'
  | 'TENANT_UPDATED'
  | 'TENANT_UPDATE_FAILED'
  | 'TENANT_PROVISIONING_PROGRESS'
  | 'TENANT_CANCELLED'
  | 'TENANT_DELETED'
  | 'TENANT_DELETION_FAILED';

export interface User {
  id: string;
  email: string;
  tenantId: string;
  roles: string[];
}

export interface Session {
  token: string;
  expiresAt: string;
  user: User;
}

export interface StepProgress {
  step: ProvisioningStep;
  /** The application's name of a CUSTOM step (built-in steps: lowercase-hyphen form). */
  stepName?: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface Operation {
  id: string;
  tenantId: string;
  kind: OperationKind;
  status: OperationStatus;
  priority: Priority;
  requestedBy: string;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  attempt: number;
  step: ProvisioningStep | null;
  stepName?: string | null;
  steps: StepProgress[];
  error: string | null;
}

export interface TenantEvent {
  type: string;
  version: number;
  occurredAt: string;
  data: string;
}

/** A tenant as the list shows it. */
export interface TenantSummary {
  id: string;
  name: string;
  isActive: boolean;
  status: ProvisioningStatus;
  provisioningError: string | null;
  lastProvisioningAttempt: string | null;
  adminEmail: string;
  database: { mode: DatabaseMode; name: string; host: string | null };
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A tenant as its detail page shows it. */
export interface TenantDetail extends TenantSummary {
  currentOperation: Operation | null;
  operations: Operation[];
  history: TenantEvent[];
}

/** The tenant's schema version, from its own database. */
export interface TenantSchema {
  id: string;
  /** Applied, in order: Tenantry's own, then the application's. */
  migrations: string[];
  pendingMigrations: string[];
}

export interface Notification {
  cursor: string;
  type: NotificationType;
  tenantId: string;
  operationId: string;
  message: string;
  error: string | null;
  step: ProvisioningStep | null;
  occurredAt: string;
}

export interface QueueStats {
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  redelivered: number;
  workers: number;
}

export interface Accepted {
  tenantId: string;
  operationId: string;
  status: ProvisioningStatus;
  /** The tenant's version once accepted: no later read shows an older one. */
  version: number;
}

export interface CreateTenantInput {
  id: string;
  name: string;
  adminEmail: string;
  adminPassword: string;
  database: DatabaseMode;
  connectionString?: string;
  priority: Priority;
}

export interface UpdateTenantInput {
  name?: string;
  isActive?: boolean;
}
