import { impliedEvents } from './implied-events';
import {
  LATER,
  NOW,
  UPDATE_OP,
  existingAfter,
  histories,
  provisioned,
  provisioningStarted,
  stepCompleted,
  tenantRequested,
  updated,
} from './__tests__/decider-spec';

const withoutVersion = <T extends { version: number }>({ version: _version, ...rest }: T) => rest;

describe('the events an outcome stands for', () => {
  it('an update that ran in one go implies its start and its one step, neither announced', () => {
    const outcome = updated('acme', { occurredAt: LATER, ranInOneGo: { attempt: 2, startedAt: NOW } });
    expect(impliedEvents(outcome)).toEqual([
      {
        event: provisioningStarted('acme', { operationId: UPDATE_OP, kind: 'UPDATE', attempt: 2, occurredAt: NOW }),
        announced: false,
      },
      {
        event: stepCompleted('acme', 'APPLYING_UPDATE', {
          operationId: UPDATE_OP,
          attempt: 2,
          startedAt: NOW,
          occurredAt: LATER,
        }),
        announced: false,
      },
    ]);
  });

  it('a creation’s carried steps are implied in order, each announced as its own event would be', () => {
    const steps = [
      { step: 'CREATING_DATABASE', startedAt: NOW, finishedAt: NOW },
      { step: 'RUNNING_MIGRATIONS', startedAt: NOW, finishedAt: LATER },
    ] as const;
    expect(impliedEvents(provisioned('acme', { occurredAt: LATER, steps: [...steps] }))).toEqual(
      steps.map(({ step, startedAt, finishedAt }) => ({
        event: stepCompleted('acme', step, { startedAt, occurredAt: finishedAt }),
        announced: true,
      })),
    );
  });

  it('an outcome without them, and any other event, implies none', () => {
    expect(impliedEvents(updated('acme'))).toEqual([]);
    expect(impliedEvents(provisioned('acme'))).toEqual([]);
    expect(impliedEvents(tenantRequested('acme'))).toEqual([]);
  });

  it('the domain folds an outcome as the events it stands for and the outcome, one version later', () => {
    const ranInOneGo = { attempt: 1, startedAt: NOW };
    const outcome = updated('acme', { occurredAt: LATER, ranInOneGo });
    const apart = existingAfter([
      ...histories.UPDATING('acme'),
      ...impliedEvents(outcome).map(({ event }) => event),
      updated('acme', { occurredAt: LATER }),
    ]);
    const together = existingAfter([...histories.UPDATING('acme'), outcome]);
    expect(withoutVersion(together)).toEqual(withoutVersion(apart));
    expect(together).toMatchObject({ version: histories.UPDATING('acme').length, status: 'ACTIVE' });
  });
});
