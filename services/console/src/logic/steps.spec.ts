import type { OperationDetailFragment as Operation } from '../api/generated/graphql';
import { currentStepLabel, stepLines } from './steps';

const at = '2026-01-01T00:00:00.000Z';
const create = (over: Partial<Operation>): Pick<Operation, 'kind' | 'status' | 'step' | 'stepName' | 'steps'> => ({
  kind: 'CREATE',
  status: 'RUNNING',
  step: null,
  stepName: null,
  steps: [],
  ...over,
});

describe('operation steps', () => {
  it('list the four steps of a create, waiting, before it starts', () =>
    expect(stepLines(create({ status: 'QUEUED' })).map((l) => `${l.label} ${l.state}`)).toEqual([
      'Creating database… waiting',
      'Running migrations… waiting',
      'Creating admin… waiting',
      'Assigning roles… waiting',
    ]));

  it('mark finished steps done and the current one running', () => {
    const op = create({
      step: 'RUNNING_MIGRATIONS',
      steps: [
        { step: 'CREATING_DATABASE', stepName: null, startedAt: at, finishedAt: at },
        { step: 'RUNNING_MIGRATIONS', stepName: null, startedAt: at, finishedAt: null },
      ],
    });
    expect(stepLines(op).map((l) => l.state)).toEqual(['done', 'running', 'waiting', 'waiting']);
    expect(currentStepLabel(op)).toBe('Running migrations…');
  });

  it('mark the step a failed operation stopped at', () =>
    expect(stepLines(create({ status: 'FAILED', step: 'CREATING_DATABASE' })).map((l) => l.state)).toEqual([
      'failed',
      'waiting',
      'waiting',
      'waiting',
    ]));

  it('mark every step done once the operation succeeded', () =>
    expect(stepLines(create({ status: 'SUCCEEDED' })).every((l) => l.state === 'done')).toBe(true));

  it('show an update as one step', () =>
    expect(currentStepLabel(create({ kind: 'UPDATE', step: 'APPLYING_UPDATE' }))).toBe('Applying update…'));

  it("show the application's steps by name after the built-in ones: done, then the one under way", () => {
    const builtIns = (['CREATING_DATABASE', 'RUNNING_MIGRATIONS', 'CREATING_ADMIN', 'ASSIGNING_ROLES'] as const).map(
      (step) => ({ step, stepName: null, startedAt: at, finishedAt: at }),
    );
    const op = create({
      step: 'CUSTOM',
      stepName: 'send-welcome',
      steps: [...builtIns, { step: 'CUSTOM', stepName: 'open-account', startedAt: at, finishedAt: at }],
    });
    expect(
      stepLines(op)
        .slice(4)
        .map((l) => `${l.label} ${l.state}`),
    ).toEqual(['open-account… done', 'send-welcome… running']);
    expect(currentStepLabel(op)).toBe('send-welcome…');
  });
});
