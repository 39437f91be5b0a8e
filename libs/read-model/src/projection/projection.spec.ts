import { TenantEvent } from '@tenantry/tenant-domain';
import type { NewNotification } from './notification-of';
import type { OperationView, TenantEventView, TenantView } from '../ports';
import { project } from './projection';
import {
  ALICE,
  BOB,
  CREATE_OP,
  DELETE_OP,
  T0,
  UPDATE_OP,
  at,
  cancellationRequested,
  cancelled,
  deleted,
  deletionFailed,
  deletionRequested,
  provisioned,
  provisionedHistory,
  provisioningFailed,
  provisioningStarted,
  retryRequested,
  stepCompleted,
  tenantRequested,
  updateFailed,
  updateRequested,
  updated,
} from '../__tests__/tenant-events';

interface Views {
  tenant: TenantView | null;
  operations: Map<string, OperationView>;
  history: TenantEventView[];
  notifications: NewNotification[];
}

/** Folds events through `project` as the projector does, revision = index in the stream. */
function given(events: TenantEvent[]): Views {
  const views: Views = { tenant: null, operations: new Map(), history: [], notifications: [] };
  events.forEach((event, revision) => {
    const outcome = project(
      { tenant: views.tenant, operation: views.operations.get(event.data.operationId) ?? null },
      event,
      revision,
    );
    if (outcome.kind === 'skipped') throw new Error(`event ${revision} (${event.type}) skipped: ${outcome.reason}`);
    const { tenant, operation, history, notifications } = outcome.projection;
    views.tenant = tenant;
    if (operation) views.operations.set(operation.id, operation);
    views.history.push(history);
    views.notifications.push(...notifications.map((told) => told.notification));
  });
  return views;
}

describe('projecting a creation', () => {
  it('TenantRequested makes a PENDING tenant and a QUEUED CREATE operation, attempt 1, with the priority', () => {
    const views = given([tenantRequested('acme', { priority: 'HIGH' })]);
    expect(views.tenant).toMatchObject({
      id: 'acme',
      name: 'Tenant acme',
      status: 'PENDING',
      isActive: true,
      version: 0,
      currentOperationId: CREATE_OP,
      createdAt: new Date(T0),
      updatedAt: new Date(T0),
      database: { mode: 'SHARED', name: 'tenant_acme', host: null },
      databaseSecret: null,
    });
    expect(views.operations.get(CREATE_OP)).toMatchObject({
      kind: 'CREATE',
      status: 'QUEUED',
      priority: 'HIGH',
      attempt: 1,
      requestedBy: ALICE,
      requestedAt: new Date(T0),
      steps: [],
    });
    expect(views.notifications).toEqual([]);
  });

  it('keeps the encrypted connection string of an EXTERNAL tenant, and leaves it out of the history', () => {
    const database = {
      mode: 'EXTERNAL' as const,
      name: 'crm',
      host: 'db.example',
      connectionString: { ciphertext: 'v1:abc' },
    };
    const views = given([tenantRequested('acme', { database })]);
    expect(views.tenant?.databaseSecret).toBe('v1:abc');
    expect(views.tenant?.database).toEqual({ mode: 'EXTERNAL', name: 'crm', host: 'db.example' });
    expect(views.history[0]!.data).not.toContain('v1:abc');
    expect(views.history[0]!.data).not.toContain('argon2id');
  });

  it('TenantProvisioningStarted → PROVISIONING, operation RUNNING with the attempt and its start', () => {
    const views = given([tenantRequested('acme'), provisioningStarted('acme', { occurredAt: at(1) })]);
    expect(views.tenant).toMatchObject({
      status: 'PROVISIONING',
      lastProvisioningAttempt: new Date(at(1)),
      version: 1,
    });
    expect(views.operations.get(CREATE_OP)).toMatchObject({
      status: 'RUNNING',
      startedAt: new Date(at(1)),
      attempt: 1,
      step: 'CREATING_DATABASE',
    });
  });

  it('a completed step is recorded with its start and end, the operation moves to the next step, the initiator is told', () => {
    const views = given([
      tenantRequested('acme'),
      provisioningStarted('acme'),
      stepCompleted('acme', 'CREATING_DATABASE', { startedAt: at(2), occurredAt: at(3) }),
    ]);
    expect(views.operations.get(CREATE_OP)).toMatchObject({
      step: 'RUNNING_MIGRATIONS',
      steps: [{ step: 'CREATING_DATABASE', startedAt: new Date(at(2)), finishedAt: new Date(at(3)) }],
    });
    expect(views.notifications).toEqual([
      expect.objectContaining({
        type: 'TENANT_PROVISIONING_PROGRESS',
        recipientId: ALICE,
        step: 'CREATING_DATABASE',
        tenantId: 'acme',
        operationId: CREATE_OP,
      }),
    ]);
  });

  it('says which step of how many each progress notification is about', () =>
    expect(given(provisionedHistory('acme')).notifications.map((n) => n.message)).toEqual([
      "Tenant 'Tenant acme': creating database done (1/4)",
      "Tenant 'Tenant acme': running migrations done (2/4)",
      "Tenant 'Tenant acme': creating admin done (3/4)",
      "Tenant 'Tenant acme': assigning roles done (4/4)",
      "Tenant 'Tenant acme' is ready",
    ]));

  it('TenantProvisioned → ACTIVE, operation SUCCEEDED, one TENANT_CREATED for the initiator', () => {
    const views = given(provisionedHistory('acme'));
    expect(views.tenant).toMatchObject({ status: 'ACTIVE', provisioningError: null, version: 6 });
    expect(views.operations.get(CREATE_OP)).toMatchObject({ status: 'SUCCEEDED', finishedAt: new Date(at(5)) });
    expect(views.operations.get(CREATE_OP)!.steps.map((s) => s.step)).toEqual([
      'CREATING_DATABASE',
      'RUNNING_MIGRATIONS',
      'CREATING_ADMIN',
      'ASSIGNING_ROLES',
    ]);
    const created = views.notifications.filter((n) => n.type === 'TENANT_CREATED');
    expect(created).toEqual([
      expect.objectContaining({ recipientId: ALICE, message: "Tenant 'Tenant acme' is ready", error: null }),
    ]);
  });

  it('an outcome that records its steps shows what their own events would: the same operation, the same notifications', () => {
    const steps = [
      { step: 'CREATING_DATABASE', startedAt: at(2), finishedAt: at(2.5) },
      { step: 'RUNNING_MIGRATIONS', startedAt: at(2.5), finishedAt: at(4) },
      { step: 'CREATING_ADMIN', startedAt: at(4), finishedAt: at(4) },
      { step: 'ASSIGNING_ROLES', startedAt: at(4), finishedAt: at(4) },
    ] as const;
    const apart = given([
      tenantRequested('acme'),
      provisioningStarted('acme'),
      ...steps.map(({ step, startedAt, finishedAt }) =>
        stepCompleted('acme', step, { startedAt, occurredAt: finishedAt }),
      ),
      provisioned('acme'),
    ]);
    const carried = given([
      tenantRequested('acme'),
      provisioningStarted('acme'),
      provisioned('acme', { steps: steps.map((step) => ({ ...step })) }),
    ]);
    expect(carried.operations.get(CREATE_OP)).toEqual(apart.operations.get(CREATE_OP));
    expect(carried.notifications).toEqual(apart.notifications);
    expect(carried.tenant).toEqual({ ...apart.tenant, version: 2 });
    expect(carried.history.map((h) => h.type)).toEqual([
      'TenantRequested',
      'TenantProvisioningStarted',
      'TenantProvisioned',
    ]);
  });

  it('TenantProvisioningFailed → FAILED with the error, operation FAILED, TENANT_CREATION_FAILED with the error', () => {
    const views = given([
      tenantRequested('acme'),
      provisioningStarted('acme'),
      provisioningFailed('acme', { error: 'disk full' }),
    ]);
    expect(views.tenant).toMatchObject({ status: 'FAILED', provisioningError: 'disk full' });
    expect(views.operations.get(CREATE_OP)).toMatchObject({ status: 'FAILED', error: 'disk full' });
    expect(views.notifications).toEqual([
      expect.objectContaining({
        type: 'TENANT_CREATION_FAILED',
        error: 'disk full',
        message: "Tenant 'Tenant acme' could not be created: disk full",
      }),
    ]);
  });

  it('TenantRetryRequested → PENDING, the same operation QUEUED again with attempt + 1, by whoever retried', () => {
    const views = given([
      tenantRequested('acme'),
      provisioningStarted('acme'),
      provisioningFailed('acme'),
      retryRequested('acme', { attempt: 2, requestedBy: BOB }),
    ]);
    expect(views.tenant).toMatchObject({ status: 'PENDING', provisioningError: null });
    expect(views.operations.get(CREATE_OP)).toMatchObject({
      status: 'QUEUED',
      attempt: 2,
      requestedBy: BOB,
      error: null,
      finishedAt: null,
    });
  });
});

describe('projecting an update', () => {
  const active = provisionedHistory('acme');

  it('TenantUpdateRequested → UPDATING with a new UPDATE operation QUEUED', () => {
    const views = given([...active, updateRequested('acme', { requestedBy: BOB })]);
    expect(views.tenant).toMatchObject({ status: 'UPDATING', currentOperationId: UPDATE_OP });
    expect(views.operations.get(UPDATE_OP)).toMatchObject({
      kind: 'UPDATE',
      status: 'QUEUED',
      requestedBy: BOB,
      attempt: 1,
    });
  });

  it('TenantUpdated → ACTIVE with the new name and isActive, TENANT_UPDATED to who updated only', () => {
    const views = given([
      ...active,
      updateRequested('acme', { requestedBy: BOB }),
      updated('acme', { requestedBy: BOB, name: 'Acme FC', isActive: false }),
    ]);
    expect(views.tenant).toMatchObject({ status: 'ACTIVE', name: 'Acme FC', isActive: false });
    expect(views.operations.get(UPDATE_OP)).toMatchObject({ status: 'SUCCEEDED' });
    const last = views.notifications.at(-1);
    expect(last).toMatchObject({ type: 'TENANT_UPDATED', recipientId: BOB, message: "Tenant 'Acme FC' was updated" });
    expect(views.notifications.filter((n) => n.recipientId === ALICE).map((n) => n.type)).not.toContain(
      'TENANT_UPDATED',
    );
  });

  it('an update that ran in one go shows the operation its start, step and outcome events would have, told once', () => {
    const startedAt = at(10.5);
    const finishedAt = at(11);
    const apart = given([
      ...active,
      updateRequested('acme'),
      provisioningStarted('acme', { operationId: UPDATE_OP, kind: 'UPDATE', occurredAt: startedAt }),
      stepCompleted('acme', 'APPLYING_UPDATE', { operationId: UPDATE_OP, startedAt, occurredAt: finishedAt }),
      updated('acme', { occurredAt: finishedAt }),
    ]);
    const inOneGo = given([
      ...active,
      updateRequested('acme'),
      updated('acme', { occurredAt: finishedAt, ranInOneGo: { attempt: 1, startedAt } }),
    ]);
    expect(inOneGo.operations.get(UPDATE_OP)).toEqual(apart.operations.get(UPDATE_OP));
    expect(inOneGo.tenant).toMatchObject({ status: 'ACTIVE', name: 'Renamed', currentOperationId: UPDATE_OP });
    // The outcome is the one notification: no separate progress of a step that ended with it.
    const before = given([...active, updateRequested('acme')]).notifications.length;
    expect(inOneGo.notifications.slice(before).map((n) => n.type)).toEqual(['TENANT_UPDATED']);
  });

  it('TenantUpdateFailed restores ACTIVE, operation FAILED, TENANT_UPDATE_FAILED with the error', () => {
    const views = given([...active, updateRequested('acme'), updateFailed('acme', { error: 'locked' })]);
    expect(views.tenant).toMatchObject({ status: 'ACTIVE', name: 'Tenant acme' });
    expect(views.operations.get(UPDATE_OP)).toMatchObject({ status: 'FAILED', error: 'locked' });
    expect(views.notifications.at(-1)).toMatchObject({ type: 'TENANT_UPDATE_FAILED', error: 'locked' });
  });
});

describe('projecting a cancellation', () => {
  it('TenantCancellationRequested → CANCELLING; TenantCancelled → CANCELLED, operation CANCELLED, TENANT_CANCELLED to the canceller', () => {
    const cancelling = given([tenantRequested('acme'), cancellationRequested('acme', { requestedBy: BOB })]);
    expect(cancelling.tenant?.status).toBe('CANCELLING');
    const views = given([
      tenantRequested('acme'),
      cancellationRequested('acme', { requestedBy: BOB }),
      cancelled('acme', { requestedBy: BOB }),
    ]);
    expect(views.tenant?.status).toBe('CANCELLED');
    expect(views.operations.get(CREATE_OP)).toMatchObject({ status: 'CANCELLED' });
    expect(views.notifications).toEqual([expect.objectContaining({ type: 'TENANT_CANCELLED', recipientId: BOB })]);
  });
});

describe('projecting a deletion', () => {
  const active = provisionedHistory('acme');

  it('TenantDeletionRequested → DELETING with a DELETE operation; TenantDeleted → DELETED, inactive, TENANT_DELETED', () => {
    const deleting = given([...active, deletionRequested('acme')]);
    expect(deleting.tenant).toMatchObject({ status: 'DELETING', currentOperationId: DELETE_OP });
    expect(deleting.operations.get(DELETE_OP)).toMatchObject({ kind: 'DELETE', status: 'QUEUED' });
    const views = given([...active, deletionRequested('acme'), deleted('acme')]);
    expect(views.tenant).toMatchObject({ status: 'DELETED', isActive: false });
    expect(views.operations.get(DELETE_OP)).toMatchObject({ status: 'SUCCEEDED' });
    expect(views.notifications.at(-1)).toMatchObject({
      type: 'TENANT_DELETED',
      message: "Tenant 'Tenant acme' was deleted",
    });
  });

  it('TenantDeletionFailed returns to the status before, TENANT_DELETION_FAILED with the error', () => {
    const views = given([...active, deletionRequested('acme'), deletionFailed('acme', { error: 'in use' })]);
    expect(views.tenant).toMatchObject({ status: 'ACTIVE', provisioningError: 'in use' });
    expect(views.operations.get(DELETE_OP)).toMatchObject({ status: 'FAILED', error: 'in use' });
    expect(views.notifications.at(-1)).toMatchObject({ type: 'TENANT_DELETION_FAILED', error: 'in use' });
  });
});

describe('idempotence', () => {
  it('an event at or below the applied version is skipped', () => {
    const views = given(provisionedHistory('acme'));
    const again = project(
      { tenant: views.tenant, operation: views.operations.get(CREATE_OP)! },
      provisioned('acme'),
      6,
    );
    expect(again).toEqual({ kind: 'skipped', reason: 'already-applied' });
  });

  it('a later event for a tenant the views never saw is skipped', () =>
    expect(project({ tenant: null, operation: null }, provisioned('ghost'), 3)).toEqual({
      kind: 'skipped',
      reason: 'unknown-tenant',
    }));

  it('every event advances version and updatedAt and adds one history entry with its revision', () => {
    const views = given(provisionedHistory('acme'));
    expect(views.history.map((h) => h.version)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(views.tenant).toMatchObject({ version: 6, updatedAt: new Date(at(5)) });
  });
});

describe("projecting the application's steps", () => {
  const STEPS = ['seed-welcome-note', 'create-billing'];
  const builtIns = ['CREATING_DATABASE', 'RUNNING_MIGRATIONS', 'CREATING_ADMIN', 'ASSIGNING_ROLES'] as const;
  const upToCustom = (id: string): TenantEvent[] => [
    tenantRequested(id, { customSteps: STEPS }),
    provisioningStarted(id),
    ...builtIns.map((step) => stepCompleted(id, step)),
  ];

  it('after the built-in steps, the operation is on the first custom step, named', () =>
    expect(given(upToCustom('acme')).operations.get(CREATE_OP)).toMatchObject({
      step: 'CUSTOM',
      stepName: 'seed-welcome-note',
    }));

  it('a completed custom step is recorded by name, and counted among all the steps in its notification', () => {
    const views = given([...upToCustom('acme'), stepCompleted('acme', 'CUSTOM', { stepName: 'seed-welcome-note' })]);
    expect(views.operations.get(CREATE_OP)).toMatchObject({ step: 'CUSTOM', stepName: 'create-billing' });
    expect(views.operations.get(CREATE_OP)!.steps.map((s) => s.stepName)).toEqual([
      'creating-database',
      'running-migrations',
      'creating-admin',
      'assigning-roles',
      'seed-welcome-note',
    ]);
    expect(views.notifications.map((n) => n.message)).toEqual([
      "Tenant 'Tenant acme': creating database done (1/6)",
      "Tenant 'Tenant acme': running migrations done (2/6)",
      "Tenant 'Tenant acme': creating admin done (3/6)",
      "Tenant 'Tenant acme': assigning roles done (4/6)",
      "Tenant 'Tenant acme': seed-welcome-note done (5/6)",
    ]);
    expect(views.notifications.at(-1)).toMatchObject({ step: 'CUSTOM', stepName: 'seed-welcome-note' });
    expect(views.notifications[0]).toMatchObject({ step: 'CREATING_DATABASE', stepName: 'creating-database' });
  });
});

describe('requesters are principal keys', () => {
  it("a bare user id (events from before keys, when only root administrators commanded) is read as root's", () => {
    const views = given([
      tenantRequested('acme', { requestedBy: 'user-alice' }),
      provisioningStarted('acme', { requestedBy: 'user-alice' }),
      provisioned('acme', { requestedBy: 'user-alice' }),
    ]);
    expect(views.operations.get(CREATE_OP)).toMatchObject({ requestedBy: 'root/user-alice' });
    expect(views.notifications.map((n) => n.recipientId)).toEqual(['root/user-alice']);
  });

  it('a key is kept as it is: the same user id in another tenant is another recipient', () => {
    const views = given([
      tenantRequested('acme', { requestedBy: 'acme/user-alice' }),
      provisioningStarted('acme', { requestedBy: 'acme/user-alice' }),
      provisioned('acme', { requestedBy: 'acme/user-alice' }),
    ]);
    expect(views.operations.get(CREATE_OP)).toMatchObject({ requestedBy: 'acme/user-alice' });
    expect(views.notifications.map((n) => n.recipientId)).toEqual(['acme/user-alice']);
  });
});
