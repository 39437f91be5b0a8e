import { createStepWorker, StepWorker } from '@tenantry/step-worker';
import { waitFor } from '@tenantry/testing';
import { GatewayWorld } from '../gateway-world';

/**
 * Issue 13, section 2, at the GraphQL edge: the application's steps appear as CUSTOM with
 * their names (stepName), built-in ones with theirs in lowercase-hyphen form, in the
 * operation, its steps and the progress notifications.
 */
jest.setTimeout(180_000);

describe("the application's steps in GraphQL", () => {
  let world: GatewayWorld;
  let worker: StepWorker;

  beforeAll(async () => {
    world = await GatewayWorld.start('gw_custom_steps', { env: { TENANT_STEPS: 'greet-team' } });
    worker = await createStepWorker({
      natsUrl: world.system.natsUrl,
      prefix: world.system.prefix,
      step: 'greet-team',
      run: async () => undefined,
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await world?.dispose();
  });

  it('shows each step by name in the operation and in the progress notifications, counting the custom one', async () => {
    const created = await world.createTenant({
      id: 'greeted',
      name: 'Greeted',
      adminEmail: 'owner@greeted.test',
      adminPassword: 'Correct-Horse-Battery-42',
    });
    expect(created.errors).toBeUndefined();
    const operationId = created.data!.createTenant.operationId;
    await world.waitForTenant('greeted', (t) => t?.status === 'ACTIVE', 'to be ACTIVE', '60s');

    const operation = await world.query<{
      operation: { step: string; stepName: string; steps: { step: string; stepName: string }[] };
    }>('query($id: ID!) { operation(id: $id) { step stepName steps { step stepName } } }', { id: operationId });
    expect(operation.errors).toBeUndefined();
    expect(operation.data!.operation.steps).toEqual([
      { step: 'CREATING_DATABASE', stepName: 'creating-database' },
      { step: 'RUNNING_MIGRATIONS', stepName: 'running-migrations' },
      { step: 'CREATING_ADMIN', stepName: 'creating-admin' },
      { step: 'ASSIGNING_ROLES', stepName: 'assigning-roles' },
      { step: 'CUSTOM', stepName: 'greet-team' },
    ]);
    expect(operation.data!.operation).toMatchObject({ step: 'CUSTOM', stepName: 'greet-team' });

    const progress = await waitFor(
      async () => {
        const result = await world.query<{
          notifications: { type: string; operationId: string; step: string; stepName: string; message: string }[];
        }>('{ notifications(first: 50) { type operationId step stepName message } }');
        return (result.data?.notifications ?? []).filter(
          (n) => n.operationId === operationId && n.type === 'TENANT_PROVISIONING_PROGRESS',
        );
      },
      (notes) => notes.length === 5,
      { within: '20s', description: 'five progress notifications' },
    );
    expect(progress.map(({ step, stepName, message }) => ({ step, stepName, message }))).toEqual([
      {
        step: 'CREATING_DATABASE',
        stepName: 'creating-database',
        message: "Tenant 'Greeted': creating database done (1/5)",
      },
      {
        step: 'RUNNING_MIGRATIONS',
        stepName: 'running-migrations',
        message: "Tenant 'Greeted': running migrations done (2/5)",
      },
      { step: 'CREATING_ADMIN', stepName: 'creating-admin', message: "Tenant 'Greeted': creating admin done (3/5)" },
      { step: 'ASSIGNING_ROLES', stepName: 'assigning-roles', message: "Tenant 'Greeted': assigning roles done (4/5)" },
      { step: 'CUSTOM', stepName: 'greet-team', message: "Tenant 'Greeted': greet-team done (5/5)" },
    ]);
  });
});
