import { STEPS_OF } from '@tenantry/tenant-domain';
import type { OperationDetailFragment as Operation, ProvisioningStep } from '../api/generated/graphql';

export const STEP_LABELS: Record<ProvisioningStep, string> = {
  CREATING_DATABASE: 'Creating database…',
  RUNNING_MIGRATIONS: 'Running migrations…',
  CREATING_ADMIN: 'Creating admin…',
  ASSIGNING_ROLES: 'Assigning roles…',
  APPLYING_UPDATE: 'Applying update…',
  DROPPING_DATABASE: 'Dropping database…',
  CUSTOM: 'Running step…',
};

export type StepState = 'done' | 'running' | 'failed' | 'waiting';

export interface StepLine {
  step: ProvisioningStep;
  /** Unique within the operation: the step, or the application's name of a CUSTOM one. */
  key: string;
  label: string;
  state: StepState;
}

/** Each expected step of the operation with where it stands, plus any step the server reports beyond them. */
export function stepLines(operation: Pick<Operation, 'kind' | 'status' | 'step' | 'steps' | 'stepName'>): StepLine[] {
  const expected: readonly ProvisioningStep[] = STEPS_OF[operation.kind] ?? [];
  const reported = operation.steps.map((s) => s.step).filter((s) => !expected.includes(s) && s !== 'CUSTOM');
  const builtIn = [...expected, ...reported].map((step) => ({
    step,
    key: step,
    label: STEP_LABELS[step] ?? step,
    state: stateOf(step, operation),
  }));
  return [...builtIn, ...customLines(operation)];
}

/** The application's steps (TENANT_STEPS) done so far, then the one under way, by name. */
function customLines(operation: Pick<Operation, 'status' | 'step' | 'steps' | 'stepName'>): StepLine[] {
  const done = operation.steps.filter((s) => s.step === 'CUSTOM' && s.stepName).map((s) => s.stepName!);
  const lines: StepLine[] = done.map((name) => ({ step: 'CUSTOM', key: name, label: `${name}…`, state: 'done' }));
  if (operation.step === 'CUSTOM' && operation.stepName && !done.includes(operation.stepName)) {
    const state: StepState =
      operation.status === 'FAILED' ? 'failed' : operation.status === 'RUNNING' ? 'running' : 'waiting';
    lines.push({
      step: 'CUSTOM',
      key: operation.stepName,
      label: `${operation.stepName}…`,
      state: operation.status === 'SUCCEEDED' ? 'done' : state,
    });
  }
  return lines;
}

function stateOf(step: ProvisioningStep, operation: Pick<Operation, 'status' | 'step' | 'steps'>): StepState {
  const progress = operation.steps.find((s) => s.step === step);
  if (progress?.finishedAt || operation.status === 'SUCCEEDED') return 'done';
  const current = operation.step === step || (progress !== undefined && !progress.finishedAt);
  if (!current) return 'waiting';
  if (operation.status === 'FAILED') return 'failed';
  return operation.status === 'RUNNING' ? 'running' : 'waiting';
}

/** The step under way, as a sentence: "Creating database…". */
export function currentStepLabel(
  operation: Pick<Operation, 'kind' | 'status' | 'step' | 'steps' | 'stepName'>,
): string | undefined {
  return stepLines(operation).find((line) => line.state === 'running')?.label;
}
