/**
 * The projector's `evolve`: one tenant event and the current views in, the next views
 * and the notifications out. Pure; the projector does the I/O around it.
 */
import { requesterKey } from '@tenantry/auth';
import {
  EventOf,
  lifecycleAfter,
  operationStatusAfter,
  planOf,
  profileViewOf,
  publicEventData,
  RanInOneGo,
  stepNameOf,
  TenantEvent,
} from '@tenantry/tenant-domain';
import type { OperationView, TenantEventView, TenantView } from '../ports';
import { NewNotification, notificationOf } from './notification-of';

/** What the projector knows before the event: the tenant and the event's operation, if any. */
export interface CurrentViews {
  tenant: TenantView | null;
  operation: OperationView | null;
}

export interface Projection {
  tenant: TenantView;
  /** The event's operation after the event; null when the event names one the views never saw. */
  operation: OperationView | null;
  history: TenantEventView;
  notifications: NewNotification[];
}

/** `revision` is the event's 0-based revision in its tenant stream; it becomes the tenant's version. */
export type ProjectionOutcome =
  { kind: 'applied'; projection: Projection } | { kind: 'skipped'; reason: 'already-applied' | 'unknown-tenant' };

export function project(current: CurrentViews, event: TenantEvent, revision: number): ProjectionOutcome {
  const { tenant } = current;
  if (tenant && revision <= tenant.version) return { kind: 'skipped', reason: 'already-applied' };
  if (event.type === 'TenantRequested') return applied(requested(event, revision), event, revision);
  if (!tenant) return { kind: 'skipped', reason: 'unknown-tenant' };
  const at = new Date(event.data.occurredAt);
  // The statuses follow tenant-domain's lifecycle table, as its `evolve` does.
  const touched: TenantView = { ...tenant, ...lifecycleAfter(tenant, event), updatedAt: at, version: revision };
  // Steps an outcome records show as their own events would: each a step view and a progress notification.
  let views = { tenant: touched, operation: current.operation };
  const stepNotifications: NewNotification[] = [];
  for (const step of stepEventsCarriedBy(event)) {
    views = evolveViews(views, step, new Date(step.data.occurredAt));
    const notification = notificationOf(step, views.tenant, views.operation?.customSteps ?? []);
    if (notification) stepNotifications.push(notification);
  }
  return applied(evolveViews(views, event, at), event, revision, stepNotifications);
}

/** The `TenantProvisioningStepCompleted` events whose steps a `TenantProvisioned` records (`steps`). */
function stepEventsCarriedBy(event: LaterEvent): EventOf<'TenantProvisioningStepCompleted'>[] {
  if (event.type !== 'TenantProvisioned' || !event.data.steps) return [];
  const { steps, attempt, ...envelope } = event.data;
  return steps.map(({ step, startedAt, finishedAt }) => ({
    type: 'TenantProvisioningStepCompleted',
    data: { ...envelope, occurredAt: finishedAt, step, attempt, startedAt },
  }));
}

function applied(
  views: { tenant: TenantView; operation: OperationView | null },
  event: TenantEvent,
  revision: number,
  before: NewNotification[] = [],
): ProjectionOutcome {
  const notification = notificationOf(event, views.tenant, views.operation?.customSteps ?? []);
  return {
    kind: 'applied',
    projection: {
      ...views,
      history: {
        type: event.type,
        version: revision,
        occurredAt: new Date(event.data.occurredAt),
        data: JSON.stringify(publicEventData(event)),
      },
      notifications: notification ? [...before, notification] : before,
    },
  };
}

function requested(
  event: EventOf<'TenantRequested'>,
  revision: number,
): { tenant: TenantView; operation: OperationView } {
  const d = event.data;
  const at = new Date(d.occurredAt);
  return {
    tenant: {
      id: d.tenantId,
      ...profileViewOf(d),
      isActive: true,
      status: 'PENDING',
      provisioningError: null,
      lastProvisioningAttempt: null,
      adminEmail: d.adminEmail,
      database: { mode: d.database.mode, name: d.database.name, host: d.database.host },
      databaseSecret: d.database.connectionString?.ciphertext ?? null,
      createdAt: at,
      updatedAt: at,
      version: revision,
      currentOperationId: d.operationId,
      priority: d.priority,
      statusBeforeOperation: null,
    },
    operation: { ...queuedOperation(event, 'CREATE', d.priority, at), customSteps: d.customSteps ?? [] },
  };
}

function queuedOperation(
  event: TenantEvent,
  kind: OperationView['kind'],
  priority: OperationView['priority'],
  at: Date,
): OperationView {
  return {
    id: event.data.operationId,
    tenantId: event.data.tenantId,
    kind,
    status: 'QUEUED',
    priority,
    requestedBy: requesterKey(event.data.requestedBy),
    requestedAt: at,
    startedAt: null,
    finishedAt: null,
    attempt: 1,
    step: null,
    stepName: null,
    steps: [],
    error: null,
    customSteps: [],
  };
}

type LaterEvent = Exclude<TenantEvent, { type: 'TenantRequested' }>;

function evolveViews(
  { tenant, operation }: { tenant: TenantView; operation: OperationView | null },
  event: LaterEvent,
  at: Date,
): { tenant: TenantView; operation: OperationView | null } {
  const finish = (error: string | null = null) =>
    operation && { ...operation, status: operationStatusAfter(operation.status, event.type), finishedAt: at, error };
  switch (event.type) {
    case 'TenantProvisioningStarted': {
      const isCreate = event.data.kind === 'CREATE';
      const base = operation ?? queuedOperation(event, event.data.kind, tenant.priority, at);
      return {
        tenant: {
          ...tenant,
          lastProvisioningAttempt: isCreate ? at : tenant.lastProvisioningAttempt,
          currentOperationId: base.id,
        },
        operation: {
          ...base,
          status: operationStatusAfter(base.status, event.type),
          startedAt: at,
          finishedAt: null,
          error: null,
          attempt: event.data.attempt,
          ...current(nextStep(base)),
        },
      };
    }
    case 'TenantProvisioningStepCompleted': {
      if (!operation) return { tenant, operation };
      const { step, stepName } = event.data;
      const done = {
        step,
        stepName: stepNameOf(step, stepName),
        startedAt: new Date(event.data.startedAt),
        finishedAt: at,
      };
      const steps = [...operation.steps.filter((s) => s.stepName !== done.stepName), done];
      const progressed = { ...operation, steps };
      return { tenant, operation: { ...progressed, ...current(nextStep(progressed) ?? done) } };
    }
    case 'TenantProvisioned':
      return { tenant: { ...tenant, provisioningError: null }, operation: finish() };
    case 'TenantProvisioningFailed':
      return {
        tenant: { ...tenant, provisioningError: event.data.error },
        operation: operation && { ...operation, ...finish(event.data.error), attempt: event.data.attempt },
      };
    case 'TenantRetryRequested': {
      const base = operation ?? queuedOperation(event, 'CREATE', tenant.priority, at);
      return {
        tenant: { ...tenant, provisioningError: null, currentOperationId: base.id },
        operation: {
          ...base,
          status: operationStatusAfter(base.status, event.type),
          attempt: event.data.attempt,
          requestedBy: requesterKey(event.data.requestedBy),
          startedAt: null,
          finishedAt: null,
          error: null,
        },
      };
    }
    case 'TenantUpdateRequested':
      return {
        tenant: { ...tenant, currentOperationId: event.data.operationId },
        operation: queuedOperation(event, 'UPDATE', tenant.priority, at),
      };
    case 'TenantUpdated': {
      const oneGo = event.data.ranInOneGo;
      const finished = finish();
      return {
        tenant: { ...tenant, ...profileViewOf(event.data), isActive: event.data.isActive },
        operation: oneGo && finished ? ranInOneGoView(finished, oneGo, at) : finished,
      };
    }
    case 'TenantUpdateFailed':
      return { tenant, operation: finish(event.data.error) };
    case 'TenantCancellationRequested':
      return { tenant, operation };
    case 'TenantCancelled':
      return { tenant, operation: finish() };
    case 'TenantDeletionRequested':
      return {
        tenant: { ...tenant, currentOperationId: event.data.operationId },
        operation: queuedOperation(event, 'DELETE', tenant.priority, at),
      };
    case 'TenantDeleted':
      return { tenant: { ...tenant, isActive: false }, operation: finish() };
    case 'TenantDeletionFailed':
      return {
        tenant: { ...tenant, provisioningError: event.data.error },
        operation: finish(event.data.error),
      };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** An update that ran in one go: its start and its one step (APPLYING_UPDATE, until the outcome) are shown from its outcome. */
function ranInOneGoView(operation: OperationView, oneGo: RanInOneGo, at: Date): OperationView {
  const startedAt = new Date(oneGo.startedAt);
  const step = { step: 'APPLYING_UPDATE' as const, stepName: stepNameOf('APPLYING_UPDATE'), startedAt, finishedAt: at };
  return { ...operation, startedAt, attempt: oneGo.attempt, steps: [step], ...current(step) };
}

/** The step the job runs next: the first of its plan's steps not finished yet. */
const nextStep = (operation: OperationView) =>
  planOf(operation.kind, operation.customSteps).find(
    ({ name }) => !operation.steps.some((done) => done.stepName === name),
  );

const current = (step: { step: OperationView['step']; name?: string; stepName?: string } | undefined) =>
  step ? { step: step.step, stepName: step.name ?? step.stepName ?? null } : { step: null, stepName: null };
