import { EventOf, TenantEvent } from './events';

/** An event an outcome stands for; `announced`: its initiator is told of it as of an event of its own. */
export interface ImpliedEvent {
  event: EventOf<'TenantProvisioningStarted' | 'TenantProvisioningStepCompleted'>;
  announced: boolean;
}

/**
 * The events an outcome records instead of appending them, in order: a creation's quick
 * steps (`TenantProvisioned.steps`), an update's start and its one step when it ran in one go
 * (`TenantUpdated.ranInOneGo`). Every fold (the domain's `evolve`, the read model's
 * projection) applies them before the outcome, so both shapes of a job's history fold alike.
 * A creation's steps are announced as their own events would be; an update's one step is not:
 * its outcome, told at once, says more.
 */
export function impliedEvents(event: TenantEvent): ImpliedEvent[] {
  switch (event.type) {
    case 'TenantProvisioned': {
      const { steps = [], attempt, ...envelope } = event.data;
      return steps.map(({ step, startedAt, finishedAt }) => ({
        event: {
          type: 'TenantProvisioningStepCompleted',
          data: { ...envelope, occurredAt: finishedAt, step, attempt, startedAt },
        },
        announced: true,
      }));
    }
    case 'TenantUpdated': {
      const { ranInOneGo, tenantId, operationId, requestedBy, occurredAt } = event.data;
      if (!ranInOneGo) return [];
      const { attempt, startedAt } = ranInOneGo;
      const envelope = { tenantId, operationId, requestedBy };
      return [
        {
          event: {
            type: 'TenantProvisioningStarted',
            data: { ...envelope, occurredAt: startedAt, kind: 'UPDATE', attempt },
          },
          announced: false,
        },
        {
          event: {
            type: 'TenantProvisioningStepCompleted',
            data: { ...envelope, occurredAt, step: 'APPLYING_UPDATE', attempt, startedAt },
          },
          announced: false,
        },
      ];
    }
    default:
      return [];
  }
}
