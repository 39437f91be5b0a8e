import { tenantDecider } from './decider';
import { TenantCommand } from './commands';
import { TenantEvent } from './events';
import { ExistingTenant } from './state';
import {
  CREATE_OP,
  DELETE_OP,
  UPDATE_OP,
  completeOperation,
  completeStep,
  createTenant,
  deleteTenant,
  failOperation,
  given,
  retryTenantProvisioning,
  startOperation,
  tenantRequested,
  updateTenant,
} from './__tests__/decider-spec';
import { STEPS_OF } from './lifecycle';

/** Runs commands through decide and evolve, as the command service does, and returns the stream. */
function run(commands: TenantCommand[]): { events: TenantEvent[]; state: ExistingTenant } {
  const events: TenantEvent[] = [];
  let state = tenantDecider.initialState();
  for (const command of commands) {
    for (const event of tenantDecider.decide(command, state)) {
      events.push(event);
      state = tenantDecider.evolve(state, event);
    }
  }
  return { events, state: state as ExistingTenant };
}

describe('the tenant decider end to end', () => {
  it('creates, fails, retries (resuming after the done steps), updates and deletes a tenant', () => {
    const { events, state } = run([
      createTenant('acme'),
      startOperation('acme', { attempt: 1 }),
      completeStep('acme', 'CREATING_DATABASE'),
      failOperation('acme', 'migrations failed'),
      retryTenantProvisioning('acme'),
      startOperation('acme', { attempt: 2 }),
      ...STEPS_OF.CREATE.map((step) => completeStep('acme', step)),
      completeOperation('acme'),
      completeOperation('acme'), // a worker repeating itself changes nothing
      updateTenant('acme', { name: 'Acme Inc' }),
      startOperation('acme', { operationId: UPDATE_OP }),
      completeStep('acme', 'APPLYING_UPDATE', { operationId: UPDATE_OP }),
      completeOperation('acme', { operationId: UPDATE_OP }),
      deleteTenant('acme'),
      startOperation('acme', { operationId: DELETE_OP }),
      completeStep('acme', 'DROPPING_DATABASE', { operationId: DELETE_OP }),
      completeOperation('acme', { operationId: DELETE_OP }),
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'TenantRequested',
      'TenantProvisioningStarted',
      'TenantProvisioningStepCompleted',
      'TenantProvisioningFailed',
      'TenantRetryRequested',
      'TenantProvisioningStarted',
      'TenantProvisioningStepCompleted',
      'TenantProvisioningStepCompleted',
      'TenantProvisioningStepCompleted', // CREATING_DATABASE skipped
      'TenantProvisioned',
      'TenantUpdateRequested',
      'TenantProvisioningStarted',
      'TenantProvisioningStepCompleted',
      'TenantUpdated',
      'TenantDeletionRequested',
      'TenantProvisioningStarted',
      'TenantProvisioningStepCompleted',
      'TenantDeleted',
    ]);
    expect(state).toMatchObject({ status: 'DELETED', name: 'Acme Inc', isActive: false, version: events.length - 1 });
    expect(events.find((e) => e.type === 'TenantProvisioned')?.data).toMatchObject({
      operationId: CREATE_OP,
      attempt: 2,
    });
  });
});

describe('the spec helper', () => {
  it('then fails when the events differ', () =>
    expect(() =>
      given([])
        .when(createTenant('acme'))
        .then([tenantRequested('other')]),
    ).toThrow());
  it('thenNothing fails when events are produced', () =>
    expect(() => given([]).when(createTenant('acme')).thenNothing()).toThrow());
  it('thenThrows fails when nothing is thrown', () =>
    expect(() =>
      given([])
        .when(createTenant('acme'))
        .thenThrows(Error as never),
    ).toThrow());
  it('thenThrows fails on the wrong message or code', () =>
    expect(() =>
      given([tenantRequested('acme')])
        .when(createTenant('acme'))
        .thenThrows(Error as never, 'Nope'),
    ).toThrow());
});
