import { redactCredentials } from '@tenantry/config';
import { ExpectedRevisionConflict } from '@tenantry/event-store';
import { LocationSettings, TenantLocation, locateTenantDatabase } from '@tenantry/tenant-database';
import { StepAction, StepRequest, idempotencyKeyOf } from '@tenantry/step-worker';
import {
  CarriedStep,
  ExistingTenant,
  InvalidState,
  OperationKind,
  OperationState,
  PlannedStep,
  ProvisioningStep,
  QUEUED_STATUS,
  RanInOneGo,
  RUNNING_STATUS,
  WorkerCommand,
  customStepsToUndo,
  exists,
  remainingSteps,
} from '@tenantry/tenant-domain';
import type { TenantRepository } from '@tenantry/tenant-repository';
import { StepOutcomeError, StepWorkers, noStepWorkers } from '../steps/step-workers';
import { TenantStorage } from '../steps/tenant-storage';
import { explainFailure } from './explain-failure';
import { isTransient } from './transient';

export interface JobSettings extends LocationSettings {
  maxAttempts: number;
  backoffMs: number;
  /** Test hook: hang before this step so a test can kill the process mid-job. */
  pauseBeforeStep?: string;
  /** Test hook: hang after this step's work and before its completion is appended (a crash there makes the work run twice). */
  pauseAfterStep?: string;
  /** Demo/test hook: minimum duration of a step. */
  stepDelayMs?: number;
  /** Test hook: every job of this tenant throws before it starts (a poison job). */
  poisonTenant?: string;
}

/** What the poison-job test hook throws. */
export class PoisonedJob extends Error {
  constructor(tenantId: string) {
    super(`test hook PROVISIONER_POISON_TENANT: the job of ${tenantId} throws on every delivery`);
    this.name = 'PoisonedJob';
  }
}

export interface JobHooks {
  /** Tells JetStream the job is alive (msg.working()). */
  heartbeat: () => void;
  log(message: string, fields?: Record<string, unknown>): void;
  /** Correlation id of the request that started the job; carried into every event the job appends. */
  correlationId?: string;
  /** Id of the event that triggered the job (the causation of what it appends). */
  causationId?: string;
  /** W3C trace context of the job's span. */
  traceparent?: string;
}

/** Measurements the runner reports; metrics live outside it. */
export interface JobObserver {
  stepFinished(step: ProvisioningStep, seconds: number): void;
  jobFinished(kind: string, outcome: 'succeeded' | 'failed' | 'cancelled' | 'retried'): void;
}

type Outcome = 'done' | 'cancelled' | 'not-current';
const MAX_ROUNDS = 10;
/**
 * How long completed built-in steps may wait for the next append: quick steps share one
 * (fewer appends per job), a step that takes longer shows as soon as it is done.
 */
const PROGRESS_EVERY_MS = 200;

/** What a job reports; `at` is when it happened, when that was before the report (a step's end). */
type Report = WithoutMetadata<WorkerCommand> & { at?: string };
/** Each member of a union of commands without its metadata (`Omit` of the union itself would merge them). */
type WithoutMetadata<C> = C extends unknown ? Omit<C, 'metadata'> : never;

/**
 * Runs a tenant's current job to its end: start, each step not yet completed, then
 * the outcome event, appended with the last completions (see `runSteps`: quick steps
 * share an append). The job begins from the state the repository keeps (folded from
 * the events this process was delivered, the trigger included), looks at it between
 * steps to honour a cancellation, and otherwise decides on the state its own last
 * append produced. So a redelivered message resumes where the crashed worker's last
 * append left off, and a worker whose state went stale (another writer appended) gets
 * an expected-revision conflict, re-reads and decides again, or finds the job done.
 */
export class JobRunner {
  constructor(
    private readonly repository: TenantRepository,
    private readonly storage: TenantStorage,
    private readonly settings: JobSettings,
    private readonly now: () => Date = () => new Date(),
    private readonly observer: JobObserver = { stepFinished: () => undefined, jobFinished: () => undefined },
    /** The application's step workers (TENANT_STEPS). */
    private readonly stepWorkers: StepWorkers = noStepWorkers,
  ) {}

  async run(tenantId: string, operationId: string, hooks: JobHooks): Promise<Outcome> {
    if (this.settings.poisonTenant === tenantId) throw new PoisonedJob(tenantId);
    for (let round = 1; ; round++) {
      // The kept state may be behind the trigger (an append's result folded in after the
      // trigger was seen, or a conflict): before a job is dropped as done or not current,
      // and after a conflict, the stream says.
      let tenant = await this.current(tenantId, operationId, { reread: round > 1 });
      if (round === 1 && (!tenant || !isPending(tenant)))
        tenant = await this.current(tenantId, operationId, { reread: true });
      if (!tenant) return 'not-current';
      if (tenant.status === 'CANCELLING') return this.cancel(tenant, hooks);
      if (!isPending(tenant)) return 'done';
      try {
        return await this.attempt(tenant, hooks);
      } catch (error) {
        // Another writer got there first: re-read and decide again, a bounded number of times.
        if ((error instanceof ExpectedRevisionConflict || error instanceof InvalidState) && round < MAX_ROUNDS)
          continue;
        throw error;
      }
    }
  }

  /**
   * Ends a job that failed on every one of its deliveries: the operation fails with
   * the reason (credentials removed), so the tenant is not left in progress and the
   * message is not delivered forever. Nothing to do when the job is no longer current.
   */
  async giveUp(
    tenantId: string,
    operationId: string,
    deliveries: number,
    error: unknown,
    hooks: JobHooks,
  ): Promise<void> {
    const tenant = await this.current(tenantId, operationId, { reread: true });
    if (!tenant || !isPending(tenant)) return;
    const reason = `The job was given up after ${deliveries} deliveries: ${this.describe(error, tenant)}. Fix the cause, then retry.`;
    hooks.log('job given up', { tenantId, deliveries, error: reason });
    // A job that threw before it started is started first: only a running operation can fail.
    const attempt = tenant.operation!.startedAttempt ?? tenant.operation!.attempt;
    await this.report(hooks, tenant, [
      { type: 'StartOperation', data: { tenantId, operationId, attempt } },
      { type: 'FailOperation', data: { tenantId, operationId, error: reason } },
    ]);
    this.observer.jobFinished(tenant.operation!.kind, 'failed');
  }

  private async attempt(tenant: ExistingTenant, hooks: JobHooks): Promise<Outcome> {
    const operation = tenant.operation!;
    let attempt = operation.startedAttempt ?? operation.attempt;
    let known = tenant;
    // Steps done but not on record yet: they go with the next append, whatever it is.
    const unrecorded: Report[] = [];
    // A quick job that leaves the status as it is appends its start with its outcome (see `startCanWait`).
    const startWaits = !this.settings.stepDelayMs && startCanWait(tenant);
    for (;;) {
      const start: Report = {
        type: 'StartOperation',
        data: { tenantId: tenant.tenantId, operationId: operation.operationId, attempt },
        at: this.now().toISOString(),
      };
      if (startWaits) unrecorded.push(start);
      else known = await this.report(hooks, known, [...unrecorded.splice(0), start]);
      try {
        const outcome = await this.runSteps(known, unrecorded, hooks);
        if (outcome === 'done') this.observer.jobFinished(operation.kind, 'succeeded');
        return outcome;
      } catch (error) {
        if (error instanceof ExpectedRevisionConflict || error instanceof InvalidState) throw error;
        const reason = this.describe(error, tenant);
        // A step worker's refusal or silence is the answer: the tenant fails, and a retry asks again.
        const transient = isTransient(error) && !(error instanceof StepOutcomeError);
        if (transient && attempt < this.settings.maxAttempts) {
          hooks.log('transient failure, retrying', { tenantId: tenant.tenantId, attempt, error: reason });
          this.observer.jobFinished(operation.kind, 'retried');
          await this.backoff(attempt, hooks);
          attempt += 1;
          continue;
        }
        hooks.log('job failed', { tenantId: tenant.tenantId, attempt, error: reason });
        await this.report(hooks, known, [
          ...unrecorded.splice(0),
          {
            type: 'FailOperation',
            data: { tenantId: tenant.tenantId, operationId: operation.operationId, error: reason },
          },
        ]);
        this.observer.jobFinished(operation.kind, 'failed');
        return 'done';
      }
    }
  }

  /**
   * Runs the steps still to do from the state the start produced (or, when the start waits
   * in `unrecorded`, the state before it). Tenantry's own steps
   * are idempotent, so their completions wait in `unrecorded` for the next append: the
   * outcome's, the one before an application step is asked, or the first after the work
   * not yet recorded took PROGRESS_EVERY_MS (a slow step shows on its own). A crash
   * before it redoes them, harmlessly. An application step's completion is appended as
   * soon as it answered (with the outcome when it is the last), so a step on record is
   * never asked again. Each completion carries the time its step finished. Between
   * steps the job looks at the state this process follows (no read) to honour a
   * cancellation; one not seen yet makes the next append conflict, and the job cancels.
   */
  private async runSteps(started: ExistingTenant, unrecorded: Report[], hooks: JobHooks): Promise<Outcome> {
    const { tenantId } = started;
    const { operationId } = started.operation!;
    let tenant = started;
    let recordedAt = this.now().getTime();
    const record = async (...more: Report[]): Promise<void> => {
      if (unrecorded.length + more.length === 0) return;
      tenant = await this.report(hooks, tenant, [...unrecorded, ...more]);
      unrecorded.length = 0;
      recordedAt = this.now().getTime();
    };
    // The outcome, with what is not on record yet: an update that ran in one go is its outcome
    // alone, and a creation's outcome records the built-in steps done since its last append.
    const finish = async (): Promise<'done'> => {
      const oneGo = ranInOneGo(unrecorded);
      const carried = oneGo ? undefined : stepsCarriedBy(started.operation!.kind, unrecorded);
      if (oneGo || carried) unrecorded.length = 0;
      await record({ type: 'CompleteOperation', data: { tenantId, operationId, ranInOneGo: oneGo, steps: carried } });
      return 'done';
    };
    const plan = remainingSteps(started);
    const doneAhead = new Set<ProvisioningStep>();
    for (const [index, next] of plan.entries()) {
      const latest = await this.current(tenantId, operationId);
      if (!latest) return 'not-current';
      if (latest.status === 'CANCELLING') return this.cancel(latest, hooks);
      // Tenantry's work is on record before an application step relies on it (and before a cancellation undoes that step).
      if (next.step === 'CUSTOM') await record();
      await this.pauseIfAsked('before', next, hooks, record);
      const startedAt = this.now().toISOString();
      hooks.heartbeat();
      if (!doneAhead.has(next.step)) {
        const ahead = this.workAhead(plan.slice(index), tenant);
        await this.perform(next, tenant, tenant.operation!, hooks, ahead);
        for (const step of ahead.done) doneAhead.add(step);
      }
      if (this.settings.stepDelayMs) await new Promise((resolve) => setTimeout(resolve, this.settings.stepDelayMs));
      const finishedAt = this.now();
      this.observer.stepFinished(next.step, (finishedAt.getTime() - Date.parse(startedAt)) / 1000);
      await this.pauseIfAsked('after', next, hooks, record);
      const stepName = next.step === 'CUSTOM' ? { stepName: next.name } : {};
      unrecorded.push({
        type: 'CompleteStep',
        data: { tenantId, operationId, step: next.step, ...stepName, startedAt },
        at: finishedAt.toISOString(),
      });
      if (index === plan.length - 1) return finish();
      if (next.step === 'CUSTOM' || finishedAt.getTime() - recordedAt >= PROGRESS_EVERY_MS) await record();
    }
    // A worker that crashed after recording the last step: only the outcome is missing.
    return finish();
  }

  /**
   * How the first of `steps` shares round trips with those after it (the plan is fixed and
   * every step idempotent, so a crash before their completions are recorded redoes them
   * harmlessly): CREATING_DATABASE leaves the schema to RUNNING_MIGRATIONS, which creates
   * it in its first round trip (not for EXTERNAL, whose first connection stays its own
   * step); RUNNING_MIGRATIONS creates the admin with its role in its transaction, and
   * CREATING_ADMIN grants the role in its statement, so the steps after them have nothing
   * left to do (`done`). Never where a test hook pauses, so a paused job has done exactly
   * its steps.
   */
  private workAhead(steps: PlannedStep[], tenant: ExistingTenant): WorkAhead {
    const paused = [this.settings.pauseBeforeStep, this.settings.pauseAfterStep];
    const [step, ...after] = steps.map((planned) => planned.step);
    const followedBy = (...next: ProvisioningStep[]) =>
      next.every((name, i) => after[i] === name) && ![step, ...next].some((name) => paused.includes(name));
    switch (step) {
      case 'CREATING_DATABASE':
        return {
          leavesSchema: tenant.database.mode !== 'EXTERNAL' && followedBy('RUNNING_MIGRATIONS'),
          done: [],
        };
      case 'RUNNING_MIGRATIONS':
        return followedBy('CREATING_ADMIN', 'ASSIGNING_ROLES')
          ? { leavesSchema: false, done: ['CREATING_ADMIN', 'ASSIGNING_ROLES'] }
          : NOTHING_AHEAD;
      case 'CREATING_ADMIN':
        return followedBy('ASSIGNING_ROLES') ? { leavesSchema: false, done: ['ASSIGNING_ROLES'] } : NOTHING_AHEAD;
      default:
        return NOTHING_AHEAD;
    }
  }

  private async perform(
    { step, name }: PlannedStep,
    tenant: ExistingTenant,
    operation: OperationState,
    hooks: JobHooks,
    ahead: WorkAhead,
  ): Promise<void> {
    const location = this.locate(tenant);
    const admin = { email: tenant.adminEmail, passwordHash: tenant.adminPasswordHash };
    switch (step) {
      case 'CREATING_DATABASE':
        return this.storage.createDatabase(tenant.database, location, { schema: !ahead.leavesSchema });
      case 'RUNNING_MIGRATIONS':
        await this.storage.runMigrations(location, ahead.done.length > 0 ? { admin } : {});
        return;
      case 'CREATING_ADMIN':
        return this.storage.createAdmin(location, admin.email, admin.passwordHash, {
          withAdminRole: ahead.done.length > 0,
        });
      case 'ASSIGNING_ROLES':
        return this.storage.assignAdminRole(location, tenant.adminEmail);
      case 'APPLYING_UPDATE':
        return this.storage.checkReachable(location);
      case 'DROPPING_DATABASE':
        // The application's steps are undone before Tenantry removes its own objects.
        await this.undoCustomSteps(tenant, hooks);
        return this.storage.drop(tenant.database, location);
      case 'CUSTOM':
        return this.stepWorkers.ask(stepRequest('run', name, tenant), hooks.heartbeat);
      default: {
        const unknown: never = step;
        throw new Error(`No work defined for step ${String(unknown)} of ${operation.kind}`);
      }
    }
  }

  /** `undo` on the application's steps that ran (customStepsToUndo), last first; the first refusal stops it. */
  private async undoCustomSteps(tenant: ExistingTenant, hooks: JobHooks): Promise<void> {
    for (const name of customStepsToUndo(tenant)) {
      hooks.log(`undoing step ${name}`, { tenantId: tenant.tenantId });
      await this.stepWorkers.ask(stepRequest('undo', name, tenant), hooks.heartbeat);
    }
  }

  /** Undoes what the job made, then records the cancellation. */
  private async cancel(tenant: ExistingTenant, hooks: JobHooks): Promise<Outcome> {
    hooks.log('cancelling job', { tenantId: tenant.tenantId });
    // Nothing exists before the first step starts; from then on, drop (idempotently) what may.
    if (tenant.operation!.completedSteps.length > 0 || tenant.statusBeforeOperation === 'PROVISIONING') {
      await this.undoCustomSteps(tenant, hooks);
      await this.storage.drop(tenant.database, this.locate(tenant));
    }
    await this.report(hooks, tenant, [
      { type: 'ConfirmCancellation', data: { tenantId: tenant.tenantId, operationId: tenant.operation!.operationId } },
    ]);
    this.observer.jobFinished(tenant.operation!.kind, 'cancelled');
    return 'cancelled';
  }

  private async current(
    tenantId: string,
    operationId: string,
    options: { reread?: boolean } = {},
  ): Promise<ExistingTenant | undefined> {
    const state = await this.repository.load(tenantId, options);
    if (!exists(state) || state.operation?.operationId !== operationId) return undefined;
    return state;
  }

  /**
   * Appends what the reports decide, all at once, on the state the job holds (a stale
   * one conflicts and is re-read); returns the state after them.
   */
  private async report(hooks: JobHooks, tenant: ExistingTenant, reports: Report[]): Promise<ExistingTenant> {
    const metadata = {
      requestedBy: tenant.operation!.requestedBy,
      now: this.now().toISOString(),
      newOperationId: tenant.operation!.operationId,
    };
    const decision = await this.repository.handleAll(
      reports.map(({ at, ...command }) => ({ ...command, metadata: { ...metadata, now: at ?? metadata.now } })),
      { correlationId: hooks.correlationId, causationId: hooks.causationId, traceparent: hooks.traceparent },
      { basedOn: tenant },
    );
    return decision.state as ExistingTenant;
  }

  private locate(tenant: ExistingTenant): TenantLocation {
    return locateTenantDatabase(tenant.tenantId, tenant.database, this.settings);
  }

  /** A readable reason with every credential removed (it is stored and shown to users). */
  private describe(error: unknown, tenant: ExistingTenant): string {
    const text = explainFailure(error);
    let secret: string | undefined;
    try {
      secret = tenant.database.mode === 'EXTERNAL' ? new URL(this.locate(tenant).connectionString).password : undefined;
    } catch {
      secret = undefined;
    }
    return redactCredentials(text, secret ? decodeURIComponent(secret) : undefined);
  }

  private async backoff(attempt: number, hooks: JobHooks): Promise<void> {
    const delay = this.settings.backoffMs * 2 ** (attempt - 1);
    hooks.heartbeat();
    await new Promise((resolve) => setTimeout(resolve, delay));
  }

  /** Test hooks: the job hangs there, what it did before that step on record (`recordDone`). */
  private async pauseIfAsked(
    when: 'before' | 'after',
    { step, name }: PlannedStep,
    hooks: JobHooks,
    recordDone: () => Promise<void>,
  ): Promise<void> {
    const asked = when === 'before' ? this.settings.pauseBeforeStep : this.settings.pauseAfterStep;
    if (asked !== step && asked !== name) return;
    await recordDone();
    hooks.log(`paused ${when} ${step === 'CUSTOM' ? name : step} (PROVISIONER_PAUSE_${when.toUpperCase()}_STEP)`);
    await new Promise(() => undefined);
  }
}

/** Tenantry's steps that take a moment (one round trip), so a job of one of them need not show its start apart. */
const QUICK_STEPS: readonly ProvisioningStep[] = ['APPLYING_UPDATE'];

/**
 * The start of a job may wait for the job's next append (its outcome) when readers learn
 * nothing from it meanwhile: the tenant's status is the same queued or running (an update:
 * UPDATING), and what is left is one quick built-in step, idempotent, which a crash before
 * that append simply redoes. Such a job is one append instead of two; its events are the same.
 */
function startCanWait(tenant: ExistingTenant): boolean {
  const kind = tenant.operation!.kind;
  const left = remainingSteps(tenant);
  return (
    QUEUED_STATUS[kind] === RUNNING_STATUS[kind] &&
    left.length === 1 &&
    left[0]!.step !== 'CUSTOM' &&
    QUICK_STEPS.includes(left[0]!.step)
  );
}

/**
 * What an update's outcome says of a job none of whose work is on record yet: its start
 * (the last attempt's, when transient failures made it start again) and its one quick
 * step. Undefined when anything else waits to be recorded: the events stay apart.
 */
function ranInOneGo(unrecorded: readonly Report[]): RanInOneGo | undefined {
  const starts = unrecorded.filter((report) => report.type === 'StartOperation');
  const steps = unrecorded.filter((report) => report.type === 'CompleteStep');
  const lastStart = starts.at(-1);
  const onlyTheQuickStep = steps.length === 1 && steps[0]!.data.step === 'APPLYING_UPDATE';
  if (!lastStart?.at || !onlyTheQuickStep || starts.length + steps.length !== unrecorded.length) return undefined;
  return { attempt: lastStart.data.attempt, startedAt: lastStart.at };
}

/**
 * The creation's built-in steps its outcome records, when nothing else waits to be recorded
 * (an application's step is on record as soon as it answered): each with when it ran.
 */
function stepsCarriedBy(kind: OperationKind, unrecorded: readonly Report[]): CarriedStep[] | undefined {
  if (kind !== 'CREATE' || unrecorded.length === 0) return undefined;
  const carried: CarriedStep[] = [];
  for (const report of unrecorded) {
    if (report.type !== 'CompleteStep' || report.data.step === 'CUSTOM' || !report.at) return undefined;
    carried.push({ step: report.data.step, startedAt: report.data.startedAt, finishedAt: report.at });
  }
  return carried;
}

/** What a step does for the steps after it (`workAhead`). */
interface WorkAhead {
  /** The schema is left to RUNNING_MIGRATIONS. */
  leavesSchema: boolean;
  /** Steps after it whose work it does. */
  done: ProvisioningStep[];
}

const NOTHING_AHEAD: WorkAhead = { leavesSchema: false, done: [] };

/** The tenant's job still waits or runs: the tenant is in the queued or running status of its kind (lifecycle.ts). */
const isPending = (tenant: ExistingTenant): boolean =>
  tenant.operation !== null &&
  (tenant.status === QUEUED_STATUS[tenant.operation.kind] || tenant.status === RUNNING_STATUS[tenant.operation.kind]);

/** What a step worker is told: who the tenant is and where its data lives, never a secret. */
function stepRequest(action: StepAction, step: string, tenant: ExistingTenant): StepRequest {
  const { operationId, attempt } = tenant.operation!;
  return {
    action,
    step,
    tenantId: tenant.tenantId,
    operationId,
    attempt,
    idempotencyKey: idempotencyKeyOf(operationId, step),
    tenant: {
      id: tenant.tenantId,
      name: tenant.name,
      adminEmail: tenant.adminEmail,
      database: { mode: tenant.database.mode, name: tenant.database.name },
    },
  };
}
