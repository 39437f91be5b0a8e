/**
 * The domain and the read model agree on every event sequence the decider can produce:
 * random administrator and worker commands are decided against the domain, and the
 * events they give are folded both by tenant-domain's `evolve` and by the projection.
 * After each command the tenant's status, the actions it allows and its current
 * operation read the same on both sides.
 */
import fc from 'fast-check';
import { requesterKey } from '@tenantry/auth';
import {
  allowedActions,
  decide,
  DomainError,
  evolve,
  CarriedStep,
  exists,
  initialState,
  isActionAllowed,
  profileViewOf,
  ProvisioningStep,
  remainingSteps,
  ROOT_TENANT_ID,
  stepNameOf,
  TenantAction,
  TenantCommand,
  TenantEvent,
  TenantState,
} from '@tenantry/tenant-domain';
import type { OperationView, TenantView } from '../ports';
import { project } from './projection';

/** The application's steps a creation may record, and one it never does. */
const CUSTOM_STEPS = ['seed', 'billing'];

/** A job a worker reports on: the tenant's current one, or one that is not (any more). */
const job = fc.constantFrom('current', 'current', 'current', 'stale');

const creation = fc.record({ type: fc.constant('create'), customSteps: fc.subarray(CUSTOM_STEPS) });

/** What someone tries; made into a command against the state it meets (the ids it names exist only then). */
const intent = fc.oneof(
  { weight: 1, arbitrary: creation },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constantFrom('update', 'retry', 'cancel', 'delete'),
      name: fc.constantFrom('Acme', 'Acme 2'),
      isActive: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('start'), job, attemptDelta: fc.constantFrom(0, 0, 1, -1) }) },
  { weight: 6, arbitrary: fc.record({ type: fc.constant('next-step'), job }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('any-step'),
      job,
      step: fc.constantFrom(...ProvisioningStep.options),
      stepName: fc.constantFrom(...CUSTOM_STEPS, 'unknown'),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constantFrom('complete', 'complete-in-one-go', 'complete-with-steps', 'fail', 'confirm-cancellation'),
      job,
    }),
  },
);
type Intent = typeof intent extends fc.Arbitrary<infer I> ? I : never;

/** Commands that move a tenant along: most steps of a sequence pick one the decider accepts, to get far. */
const MOVES: Intent[] = [
  ...(['update', 'retry', 'cancel', 'delete'] as const).map((type) => ({
    type,
    name: 'Acme 2' as const,
    isActive: false,
  })),
  { type: 'start', job: 'current', attemptDelta: 0 },
  { type: 'next-step', job: 'current' },
  ...(['complete', 'complete-in-one-go', 'complete-with-steps', 'fail', 'confirm-cancellation'] as const).map(
    (type) => ({
      type,
      job: 'current' as const,
    }),
  ),
];
const step = fc.oneof({ weight: 3, arbitrary: fc.nat() }, { weight: 1, arbitrary: intent });

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** The events `command` gives, or the error it is refused with. */
function tryDecide(command: TenantCommand, state: TenantState): { events: TenantEvent[]; refused?: DomainError } {
  try {
    return { events: decide(command, state) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { events: [], refused: error };
  }
}

/** The intent a step stands for: itself, or the `pick`th of the moves the decider accepts now. */
function intentOf(step: Intent | number, tenantId: string, state: TenantState, index: number): Intent {
  if (typeof step !== 'number') return step;
  const accepted = MOVES.filter((move) => tryDecide(commandOf(move, tenantId, state, index), state).events.length > 0);
  return accepted[step % accepted.length] ?? MOVES[0]!;
}

function commandOf(intent: Intent, tenantId: string, state: TenantState, index: number): TenantCommand {
  const now = new Date(T0 + index * 1000).toISOString();
  const metadata = { requestedBy: `root/user-${index % 3}`, now, newOperationId: `op-${index}` };
  const operation = exists(state) ? state.operation : null;
  const operationId = 'job' in intent && intent.job === 'current' ? (operation?.operationId ?? 'op-none') : 'op-stale';
  const data = { tenantId, operationId };
  switch (intent.type) {
    case 'create': {
      const request = {
        name: 'Acme',
        adminEmail: 'admin@acme.test',
        adminPasswordHash: '$argon2id$hash',
        database: { mode: 'SHARED' as const, name: `tenant_${tenantId}`, host: null },
        priority: 'NORMAL' as const,
        customSteps: intent.customSteps,
      };
      return tenantId === ROOT_TENANT_ID
        ? { type: 'SeedRootTenant', data: { ...request, tenantId }, metadata }
        : { type: 'CreateTenant', data: { ...request, tenantId }, metadata };
    }
    case 'update':
      return {
        type: 'UpdateTenant',
        data: { tenantId, changes: { name: intent.name, isActive: intent.isActive } },
        metadata,
      };
    case 'retry':
      return { type: 'RetryTenantProvisioning', data: { tenantId }, metadata };
    case 'cancel':
      return { type: 'CancelTenantOperation', data: { tenantId }, metadata };
    case 'delete':
      return { type: 'DeleteTenant', data: { tenantId }, metadata };
    case 'start':
      return {
        type: 'StartOperation',
        data: { ...data, attempt: Math.max(1, (operation?.attempt ?? 1) + intent.attemptDelta) },
        metadata,
      };
    case 'next-step': {
      const next = exists(state) ? remainingSteps(state)[0] : undefined;
      const step = next?.step ?? 'CREATING_DATABASE';
      const stepName = step === 'CUSTOM' ? next!.name : undefined;
      return { type: 'CompleteStep', data: { ...data, step, stepName, startedAt: now }, metadata };
    }
    case 'any-step': {
      const stepName = intent.step === 'CUSTOM' ? intent.stepName : undefined;
      return { type: 'CompleteStep', data: { ...data, step: intent.step, stepName, startedAt: now }, metadata };
    }
    case 'complete':
      return { type: 'CompleteOperation', data, metadata };
    case 'complete-in-one-go': {
      const ranInOneGo = {
        attempt: operation?.attempt ?? 1,
        startedAt: new Date(T0 + index * 1000 - 500).toISOString(),
      };
      return { type: 'CompleteOperation', data: { ...data, ranInOneGo }, metadata };
    }
    case 'complete-with-steps': {
      // The built-in steps still to do, recorded by the outcome (a creation's quick steps).
      const left = exists(state) ? remainingSteps(state).filter(({ step }) => step !== 'CUSTOM') : [];
      const steps = left.map(({ step }) => ({ step: step as CarriedStep['step'], startedAt: now, finishedAt: now }));
      return { type: 'CompleteOperation', data: { ...data, steps }, metadata };
    }
    case 'fail':
      return { type: 'FailOperation', data: { ...data, error: 'disk full' }, metadata };
    case 'confirm-cancellation':
      return { type: 'ConfirmCancellation', data, metadata };
  }
}

const ACTION_OF: Partial<Record<Intent['type'], TenantAction>> = {
  update: 'update',
  retry: 'retry',
  cancel: 'cancel',
  delete: 'delete',
};

/** The read model of one tenant, folded through `project` as the projector does (revision = index in the stream). */
class ReadModel {
  tenant: TenantView | null = null;
  readonly operations = new Map<string, OperationView>();
  private revision = -1;

  apply(event: TenantEvent): void {
    this.revision += 1;
    const operation = this.operations.get(event.data.operationId) ?? null;
    const outcome = project({ tenant: this.tenant, operation }, event, this.revision);
    if (outcome.kind === 'skipped') throw new Error(`${event.type} at ${this.revision} skipped: ${outcome.reason}`);
    this.tenant = outcome.projection.tenant;
    if (outcome.projection.operation)
      this.operations.set(outcome.projection.operation.id, outcome.projection.operation);
  }
}

const cancelling = (status: TenantView['status']) => status === 'CANCELLING' || status === 'CANCELLED';

/** What both sides must say alike about the tenant. */
function domainSays(state: TenantState) {
  if (!exists(state)) return null;
  const operation = state.operation!;
  const next = remainingSteps(state)[0];
  return {
    status: state.status,
    statusBeforeOperation: state.statusBeforeOperation,
    version: state.version,
    profile: profileViewOf(state),
    isActive: state.isActive,
    provisioningError: state.provisioningError,
    lastProvisioningAttempt: state.lastProvisioningAttempt,
    allowedActions: allowedActions({ tenantId: state.tenantId, status: state.status, operationKind: operation.kind }),
    operation: {
      id: operation.operationId,
      kind: operation.kind,
      status: operation.status,
      attempt: operation.attempt,
      // The domain's is who is told how the job ends: after a cancellation request, the canceller. The view's
      // stays who asked for the job (a retry asks again); the notifications follow the events, as the domain does.
      requestedBy: cancelling(state.status) ? 'who asked' : requesterKey(operation.requestedBy),
      stepsDone: operation.completedSteps.map((step) => stepNameOf(step)),
      // Cancelling and deleting undo the application's steps: the domain forgets them, the creation's view keeps them.
      customStepsDone: operation.kind === 'CREATE' && state.status !== 'CANCELLED' ? state.completedCustomSteps : [],
      currentStep: operation.status === 'RUNNING' && next ? next.name : undefined,
    },
  };
}

function readModelSays(views: ReadModel) {
  const tenant = views.tenant;
  if (!tenant) return null;
  const operation = views.operations.get(tenant.currentOperationId!)!;
  const done = (custom: boolean) =>
    operation.steps.filter((s) => (s.step === 'CUSTOM') === custom).map((s) => s.stepName);
  const hasNext = operation.status === 'RUNNING' && operation.steps.every((s) => s.stepName !== operation.stepName);
  return {
    status: tenant.status,
    statusBeforeOperation: tenant.statusBeforeOperation,
    version: tenant.version,
    profile: profileViewOf(tenant),
    isActive: tenant.isActive,
    provisioningError: tenant.provisioningError,
    lastProvisioningAttempt: tenant.lastProvisioningAttempt?.toISOString() ?? null,
    allowedActions: allowedActions({ tenantId: tenant.id, status: tenant.status, operationKind: operation.kind }),
    operation: {
      id: operation.id,
      kind: operation.kind,
      status: operation.status,
      attempt: operation.attempt,
      requestedBy: cancelling(tenant.status) ? 'who asked' : operation.requestedBy,
      stepsDone: done(false),
      customStepsDone: operation.kind === 'CREATE' && tenant.status !== 'CANCELLED' ? done(true) : [],
      currentStep: hasNext ? (operation.stepName ?? undefined) : undefined,
    },
  };
}

describe('the domain and the read model', () => {
  it('agree on the status, the allowed actions and the operation after every command', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('acme', 'acme', 'acme', ROOT_TENANT_ID),
        creation,
        fc.array(step, { maxLength: 60 }),
        (tenantId, created, later) => {
          let state = initialState();
          const views = new ReadModel();
          [created, ...later].forEach((next, index) => {
            const attempt = intentOf(next, tenantId, state, index);
            const { events, refused } = tryDecide(commandOf(attempt, tenantId, state, index), state);
            // The decider accepts an administrator's command exactly when the lifecycle table allows it.
            const action = ACTION_OF[attempt.type];
            if (action && exists(state)) {
              const target = { tenantId, status: state.status, operationKind: state.operation?.kind ?? null };
              expect({ action, from: state.status, accepted: !refused }).toEqual({
                action,
                from: state.status,
                accepted: isActionAllowed(target, action),
              });
            }
            for (const event of events) {
              state = evolve(state, event);
              views.apply(event);
            }
            expect(readModelSays(views)).toEqual(domainSays(state));
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
