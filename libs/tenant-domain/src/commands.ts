import { Priority, ProvisioningStep, TenantDatabase } from './vocabulary';
import type { TenantChanges, TenantProfile } from './profile';
import type { CarriedStep, RanInOneGo } from './events';

/** The world a command arrives with: who asks, when, and ids made outside the decider. */
export interface CommandMetadata {
  requestedBy: string;
  /** ISO-8601 instant. */
  now: string;
  /** Id for an operation this command may start (UUIDv7, made by the caller). */
  newOperationId: string;
}

type Command<T extends string, D> = { type: T; data: D & { tenantId: string }; metadata: CommandMetadata };

// What administrators ask for (after the command service hashed and encrypted the secrets).
export type CreateTenant = Command<
  'CreateTenant',
  TenantProfile & {
    adminEmail: string;
    adminPasswordHash: string;
    database: TenantDatabase;
    priority: Priority;
    /** The application's steps (TENANT_STEPS) at request time; recorded so later changes never alter this operation. */
    customSteps?: string[];
  }
>;
/** The root tenant, created on the first start of the command service. */
export type SeedRootTenant = Command<'SeedRootTenant', Omit<CreateTenant['data'], 'tenantId'>>;
export type UpdateTenant = Command<'UpdateTenant', { changes: TenantChanges }>;
export type RetryTenantProvisioning = Command<'RetryTenantProvisioning', object>;
export type CancelTenantOperation = Command<'CancelTenantOperation', object>;
export type DeleteTenant = Command<'DeleteTenant', object>;

// What the provisioner reports about a job; `operationId` names the job it ran.
export type StartOperation = Command<'StartOperation', { operationId: string; attempt: number }>;
/** `stepName` names a CUSTOM step (one of the tenant's recorded steps). */
export type CompleteStep = Command<
  'CompleteStep',
  { operationId: string; step: ProvisioningStep; stepName?: string; startedAt: string }
>;
/**
 * `ranInOneGo`: the job was never recorded as started (an update of one quick step): it
 * ends in its outcome alone, which says when it started and in which attempt. `steps`: a
 * creation's built-in steps done since its last append, recorded by its outcome.
 */
export type CompleteOperation = Command<
  'CompleteOperation',
  { operationId: string; ranInOneGo?: RanInOneGo; steps?: CarriedStep[] }
>;
export type FailOperation = Command<'FailOperation', { operationId: string; error: string }>;
export type ConfirmCancellation = Command<'ConfirmCancellation', { operationId: string }>;

export type AdministratorCommand =
  CreateTenant | SeedRootTenant | UpdateTenant | RetryTenantProvisioning | CancelTenantOperation | DeleteTenant;
export type WorkerCommand = StartOperation | CompleteStep | CompleteOperation | FailOperation | ConfirmCancellation;
export type TenantCommand = AdministratorCommand | WorkerCommand;
