import { createStepWorker, StepRequest, StepWorker } from '@tenantry/step-worker';
import { waitFor } from '@tenantry/testing';
import { foundationWorld, stepsOnRecord, typesOf } from './foundation';

/**
 * The application's steps (TENANT_STEPS) run by step workers over NATS: what the
 * provisioner asks, what it does with the answers, and what deletion undoes.
 */
describe("the application's provisioning steps", () => {
  const world = foundationWorld('custom-steps', {
    env: { TENANT_STEPS: 'open-account,send-welcome', TENANT_STEP_TIMEOUT_SECONDS: '2' },
  });
  const asked: StepRequest[] = [];
  const refusals = new Map<string, string>();
  /** Requests held (not answered) until the test releases them. */
  const holds = new Map<string, Promise<void>>();
  const workers: StepWorker[] = [];

  /** A step worker that records every request and refuses it when told to, once. */
  const startWorker = async (step: string) => {
    workers.push(
      await createStepWorker({
        natsUrl: world.system.natsUrl,
        prefix: world.system.prefix,
        step,
        run: async (request) => answer(request),
        undo: async (request) => answer(request),
      }),
    );
  };
  const answer = async (request: StepRequest) => {
    asked.push(request);
    await holds.get(`${request.action}:${request.tenantId}:${request.step}`);
    const refusal = refusals.get(`${request.action}:${request.tenantId}:${request.step}`);
    refusals.delete(`${request.action}:${request.tenantId}:${request.step}`);
    if (refusal) throw new Error(refusal);
  };
  const askedFor = (tenantId: string) => asked.filter((r) => r.tenantId === tenantId);

  beforeAll(async () => {
    await startWorker('open-account');
    await startWorker('send-welcome');
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
  });

  it("fails the tenant with a worker's refusal; retry runs only that step again (attempt 2, same key), then ACTIVE", async () => {
    refusals.set('run:billing:send-welcome', 'mail server said no');
    await world.client.createTenant({ id: 'billing' });

    const failed = await world.client.waitForEvent('billing', 'TenantProvisioningFailed');
    expect(failed.find((e) => e.type === 'TenantProvisioningFailed')!.data['error']).toBe('mail server said no');
    expect(stepsOnRecord(failed)).toEqual([
      'CREATING_DATABASE',
      'RUNNING_MIGRATIONS',
      'CREATING_ADMIN',
      'ASSIGNING_ROLES',
      'open-account',
    ]);

    await world.client.send('retryTenantProvisioning', { tenantId: 'billing' });
    const events = await world.client.waitForEvent('billing', 'TenantProvisioned');
    expect(stepsOnRecord(events)).toEqual([
      'CREATING_DATABASE',
      'RUNNING_MIGRATIONS',
      'CREATING_ADMIN',
      'ASSIGNING_ROLES',
      'open-account',
      'send-welcome',
    ]);

    const operationId = String(events[0]!.data['operationId']);
    const requests = askedFor('billing').map(({ action, step, attempt, idempotencyKey }) => ({
      action,
      step,
      attempt,
      idempotencyKey,
    }));
    expect(requests).toEqual([
      { action: 'run', step: 'open-account', attempt: 1, idempotencyKey: `${operationId}:open-account` },
      { action: 'run', step: 'send-welcome', attempt: 1, idempotencyKey: `${operationId}:send-welcome` },
      { action: 'run', step: 'send-welcome', attempt: 2, idempotencyKey: `${operationId}:send-welcome` },
    ]);
    // Who the tenant is and where its data lives, and nothing secret.
    expect(askedFor('billing')[0]!.tenant).toEqual({
      id: 'billing',
      name: 'Acme FC',
      adminEmail: 'owner@acme.test',
      database: { mode: 'SHARED', name: 'tenant_billing' },
    });
    expect(JSON.stringify(asked)).not.toMatch(/password|connectionString|argon2/i);
  });

  it('deletion undoes every completed step, last first, before dropping the schema', async () => {
    await world.client.send('deleteTenant', { tenantId: 'billing' });
    const events = await world.client.waitForEvent('billing', 'TenantDeleted');
    const deletionId = String(events.find((e) => e.type === 'TenantDeletionRequested')!.data['operationId']);
    const undone = askedFor('billing').filter((r) => r.action === 'undo');
    expect(undone.map((r) => [r.step, r.operationId, r.idempotencyKey])).toEqual([
      ['send-welcome', deletionId, `${deletionId}:send-welcome`],
      ['open-account', deletionId, `${deletionId}:open-account`],
    ]);
    expect(
      await world.client.query(`select 1 from information_schema.schemata where schema_name = 'tenant_billing'`),
    ).toEqual([]);
  });

  it("a refused undo fails the deletion with the worker's error, keeps the schema, and a second deletion finishes", async () => {
    await world.client.createTenant({ id: 'stubborn' });
    await world.client.waitForEvent('stubborn', 'TenantProvisioned');
    refusals.set('undo:stubborn:open-account', 'account has unpaid invoices');

    await world.client.send('deleteTenant', { tenantId: 'stubborn' });
    const failed = await world.client.waitForEvent('stubborn', 'TenantDeletionFailed');
    expect(failed.find((e) => e.type === 'TenantDeletionFailed')!.data['error']).toBe('account has unpaid invoices');
    expect(await world.client.tablesOf('tenant_stubborn')).toContain('users');

    await world.client.send('deleteTenant', { tenantId: 'stubborn' });
    const events = await world.client.waitForEvent('stubborn', 'TenantDeleted');
    expect(typesOf(events).filter((t) => t === 'TenantDeleted')).toHaveLength(1);
  });

  it("a cancellation that overtakes a step's answer undoes that step too, then the ones before, and drops the schema", async () => {
    let release!: () => void;
    holds.set(
      'run:hasty:send-welcome',
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    await world.client.createTenant({ id: 'hasty' });
    await waitFor(
      async () => askedFor('hasty').map((r) => r.step),
      (steps) => steps.includes('send-welcome'),
      { description: 'send-welcome asked for hasty' },
    );
    expect(await world.client.send('cancelTenantOperation', { tenantId: 'hasty' })).toMatchObject({ ok: true });
    release();

    await world.client.waitForEvent('hasty', 'TenantCancelled');
    expect(askedFor('hasty').map((r) => `${r.action} ${r.step}`)).toEqual([
      'run open-account',
      'run send-welcome',
      'undo send-welcome',
      'undo open-account',
    ]);
    expect(
      await world.client.query(`select 1 from information_schema.schemata where schema_name = 'tenant_hasty'`),
    ).toEqual([]);
  });

  it('fails the tenant when no worker answers within TENANT_STEP_TIMEOUT_SECONDS, naming the step', async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await world.client.createTenant({ id: 'unanswered' });
    const events = await world.client.waitForEvent('unanswered', 'TenantProvisioningFailed');
    expect(events.find((e) => e.type === 'TenantProvisioningFailed')!.data['error']).toBe(
      "Step 'open-account' did not answer within 2 s",
    );
    expect(stepsOnRecord(events)).toEqual([
      'CREATING_DATABASE',
      'RUNNING_MIGRATIONS',
      'CREATING_ADMIN',
      'ASSIGNING_ROLES',
    ]);
  });
});
