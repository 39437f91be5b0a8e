import { UnknownStep } from './errors';
import { TenantEvent } from './events';
import { customStepsToUndo, remainingSteps } from './state';
import {
  cancellationRequested,
  cancelled,
  completeStep,
  createTenant,
  deleted,
  deletionRequested,
  existingAfter,
  given,
  histories,
  provisioned,
  provisioningFailed,
  provisioningStarted,
  retryRequested,
  stepCompleted,
  tenantRequested,
} from './__tests__/decider-spec';
import { planOf, stepNameOf } from './vocabulary';

const STEPS = ['seed-welcome-note', 'create-billing'];
const requestedWithSteps = (id: string) => tenantRequested(id, { customSteps: STEPS });
const custom = (id: string, name: string) => stepCompleted(id, 'CUSTOM', { stepName: name });
const builtInsDone = (id: string): TenantEvent[] => [
  stepCompleted(id, 'CREATING_DATABASE'),
  stepCompleted(id, 'RUNNING_MIGRATIONS'),
  stepCompleted(id, 'CREATING_ADMIN'),
  stepCompleted(id, 'ASSIGNING_ROLES'),
];
const names = (id: string, events: TenantEvent[]) => remainingSteps(existingAfter(events)).map((s) => s.name);

describe("the application's steps are fixed when a tenant is requested", () => {
  it('TenantRequested records them, in order', () =>
    given([])
      .when(createTenant('acme', { customSteps: STEPS }))
      .then([requestedWithSteps('acme')]));

  it('TenantRequested stays as before when there are none (no customSteps field)', () =>
    given([])
      .when(createTenant('acme', { customSteps: [] }))
      .then([tenantRequested('acme')]));

  it('an event recorded before custom steps existed decodes, with none', () =>
    expect(existingAfter([TenantEvent.parse(tenantRequested('acme'))]).customSteps).toEqual([]));

  it('they run after ASSIGNING_ROLES, in the recorded order', () =>
    expect(planOf('CREATE', STEPS).map((s) => s.name)).toEqual([
      'creating-database',
      'running-migrations',
      'creating-admin',
      'assigning-roles',
      'seed-welcome-note',
      'create-billing',
    ]));

  it('only creation runs them', () => {
    expect(planOf('UPDATE', STEPS).map((s) => s.step)).toEqual(['APPLYING_UPDATE']);
    expect(planOf('DELETE', STEPS).map((s) => s.step)).toEqual(['DROPPING_DATABASE']);
  });

  it('built-in steps are named in lowercase-hyphen form', () =>
    expect(stepNameOf('CREATING_DATABASE')).toBe('creating-database'));
});

describe('completing a custom step', () => {
  const running = (id: string) => [requestedWithSteps(id), provisioningStarted(id), ...builtInsDone(id)];

  it('is recorded as CUSTOM with its name', () =>
    given(running('acme'))
      .when(completeStep('acme', 'CUSTOM', { stepName: 'seed-welcome-note' }))
      .then([custom('acme', 'seed-welcome-note')]));

  it('twice is nothing the second time (a resumed job repeats itself)', () =>
    given([...running('acme'), custom('acme', 'seed-welcome-note')])
      .when(completeStep('acme', 'CUSTOM', { stepName: 'seed-welcome-note' }))
      .thenNothing());

  it('is refused for a step the request did not record', () =>
    given(running('acme'))
      .when(completeStep('acme', 'CUSTOM', { stepName: 'send-fax' }))
      .thenThrows(UnknownStep));

  it('is refused without a name', () =>
    given(running('acme')).when(completeStep('acme', 'CUSTOM')).thenThrows(UnknownStep));
});

describe('resuming after a failed custom step', () => {
  it('what remains is the failed step and those after it, never a completed one', () => {
    const failed = [
      requestedWithSteps('acme'),
      provisioningStarted('acme'),
      ...builtInsDone('acme'),
      custom('acme', 'seed-welcome-note'),
      provisioningFailed('acme', { error: 'billing is down' }),
    ];
    expect(names('acme', [...failed, retryRequested('acme'), provisioningStarted('acme', { attempt: 2 })])).toEqual([
      'create-billing',
    ]);
  });

  it('a fresh job has every step to run', () => expect(names('acme', [requestedWithSteps('acme')])).toHaveLength(6));
});

describe('what deletion and cancellation have to undo', () => {
  const activeWithSteps = (id: string): TenantEvent[] => [
    requestedWithSteps(id),
    provisioningStarted(id),
    ...builtInsDone(id),
    custom(id, 'seed-welcome-note'),
    custom(id, 'create-billing'),
    provisioned(id),
  ];

  it('every completed custom step, in the order they ran, until the tenant is deleted', () => {
    expect(existingAfter([...activeWithSteps('acme'), deletionRequested('acme')]).completedCustomSteps).toEqual(STEPS);
    expect(
      existingAfter([...activeWithSteps('acme'), deletionRequested('acme'), deleted('acme')]).completedCustomSteps,
    ).toEqual([]);
  });

  it('deletion undoes the completed ones, last first', () =>
    expect(customStepsToUndo(existingAfter([...activeWithSteps('acme'), deletionRequested('acme')]))).toEqual([
      'create-billing',
      'seed-welcome-note',
    ]));

  it('cancellation also undoes the step it may have overtaken (asked, its answer not recorded)', () =>
    expect(
      customStepsToUndo(
        existingAfter([
          requestedWithSteps('acme'),
          provisioningStarted('acme'),
          ...builtInsDone('acme'),
          custom('acme', 'seed-welcome-note'),
          cancellationRequested('acme'),
        ]),
      ),
    ).toEqual(['create-billing', 'seed-welcome-note']));

  it('cancellation before the built-in steps are done undoes nothing of the application', () =>
    expect(
      customStepsToUndo(
        existingAfter([requestedWithSteps('acme'), provisioningStarted('acme'), cancellationRequested('acme')]),
      ),
    ).toEqual([]));

  it('nothing once a cancellation went through', () =>
    expect(existingAfter([...histories.CANCELLING('acme'), cancelled('acme')]).completedCustomSteps).toEqual([]));
});
