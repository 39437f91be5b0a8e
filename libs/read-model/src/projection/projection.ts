/**
 * The projector's `evolve`: one tenant event and the current views in, the next views
 * and the notifications out. Pure; the projector does the I/O around it.
 */
import { requesterKey } from '@tenantry/auth';
import {
  EventOf,
  ImpliedEvent,
  impliedEvents,
  lifecycleAfter,
  operationStatusAfter,
  planOf,
  profileViewOf,
  publicEventData,
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

/** The views an event changes: its tenant's and its operation's. */
interface Views {
  tenant: TenantView;
  operation: OperationView | null;
}

export interface Projection {
  tenant: TenantView;
  /** The event's operation after the event; null when the event names one the views never saw. */
  operation: OperationView | null;
  history: TenantEventView;
  notifications: ProjectedNotification[];
}

/**
 * A notification and what, beside its event's id, makes it unique for its recipient (the
 * table's constraint, so a batch projected again adds none): for one about an event that
 * the outcome stands for, that event's part of the key (`/<step name>`); otherwise ''.
 */
export interface ProjectedNotification {
  notification: NewNotification;
  keySuffix: string;
}

/** `revision` is the event's 0-based revision in its tenant stream; it becomes the tenant's version. */
export type ProjectionOutcome =
  { kind: 'applied'; projection: Projection } | { kind: 'skipped'; reason: 'already-applied' | 'unknown-tenant' };

export function project(current: CurrentViews, event: TenantEvent, revision: number): ProjectionOutcome {
  const { tenant } = current;
  if (tenant && revision <= tenant.version) return { kind: 'skipped', reason: 'already-applied' };
  if (event.type === 'TenantRequested') return applied(requested(event, revision), event, revision);
  if (!tenant) return { kind: 'skipped', reason: 'unknown-tenant' };
  // The events the outcome stands for show as their own would: views, and notifications where announced.
  let views = { tenant, operation: current.operation };
  const told: ProjectedNotification[] = [];
  for (const implied of impliedEvents(event)) {
    views = viewsAfter(views, implied.event);
    const notification = implied.announced && notificationOf(implied.event, views.tenant, customStepsOf(views));
    if (notification) told.push({ notification, keySuffix: keySuffixOf(implied) });
  }
  const after = viewsAfter(views, event);
  return applied({ ...after, tenant: { ...after.tenant, version: revision } }, event, revision, told);
}

/** The views after one event about an existing tenant; its statuses follow tenant-domain's lifecycle table, as `evolve` does. */
function viewsAfter(views: Views, event: LaterEvent): Views {
  const at = new Date(event.data.occurredAt);
  const touched: TenantView = { ...views.tenant, ...lifecycleAfter(views.tenant, event), updatedAt: at };
  return evolveViews({ tenant: touched, operation: views.operation }, event, at);
}

const keySuffixOf = ({ event }: ImpliedEvent): string =>
  event.type === 'TenantProvisioningStepCompleted'
    ? `/${stepNameOf(event.data.step, event.data.stepName)}`
    : `/${event.type}`;

const customStepsOf = (views: Views): readonly string[] => views.operation?.customSteps ?? [];

function applied(
  views: Views,
  event: TenantEvent,
  revision: number,
  before: ProjectedNotification[] = [],
): ProjectionOutcome {
  const notification = notificationOf(event, views.tenant, customStepsOf(views));
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
      notifications: notification ? [...before, { notification, keySuffix: '' }] : before,
    },
  };
}

function requested(event: EventOf<'TenantRequested'>, revision: number): Views {
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

function evolveViews({ tenant, operation }: Views, event: LaterEvent, at: Date): Views {
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
    case 'TenantUpdated':
      return {
        tenant: { ...tenant, ...profileViewOf(event.data), isActive: event.data.isActive },
        operation: finish(),
      };
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

/** The step the job runs next: the first of its plan's steps not finished yet. */
const nextStep = (operation: OperationView) =>
  planOf(operation.kind, operation.customSteps).find(
    ({ name }) => !operation.steps.some((done) => done.stepName === name),
  );

const current = (step: { step: OperationView['step']; name?: string; stepName?: string } | undefined) =>
  step ? { step: step.step, stepName: step.name ?? step.stepName ?? null } : { step: null, stepName: null };
