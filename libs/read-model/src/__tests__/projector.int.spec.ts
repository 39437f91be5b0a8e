import type { TenantEvent } from '@tenantry/tenant-domain';
import { Inbox, waitFor, withClient } from '@tenantry/testing';
import { decodeNotification, decodeTenantView } from '../projection/live-codec';
import { liveSubjects } from '../projection/live-subjects';
import { CURSOR_LEAP } from '../tables/notification-cursor-leap';
import type { StoredNotification } from '../projection/stored-notification';
import type { ReadModel } from '../read-model';
import { createReadSideWorld, ReadSideWorld } from './read-side-world';
import { ALICE, BOB, CREATE_OP, provisionedHistory, tenantRequested, updateRequested, updated } from './tenant-events';

describe('the projector', () => {
  let world: ReadSideWorld;
  let readModel: ReadModel;

  const open = () => world.openReadModel();
  const caughtUp = async (side: ReadModel = readModel) => {
    const last = await world.lastSequence();
    await waitFor(
      () => checkpointOf(world.database.url),
      (checkpoint) => checkpoint >= last,
      {
        description: `the projector checkpoint to reach stream sequence ${last} (${side.projectorStatus().role})`,
      },
    );
  };

  beforeAll(async () => {
    world = await createReadSideWorld('projector');
    readModel = await open();
  });
  afterAll(async () => {
    await readModel?.close();
    await world?.dispose();
  });

  it('projects a create → provisioned sequence as ACTIVE, operation SUCCEEDED, one TENANT_CREATED for the initiator only', async () => {
    await world.publish(...provisionedHistory('acme'));
    const tenant = await waitFor(
      () => readModel.queries.tenant('acme'),
      (t) => t?.status === 'ACTIVE',
      { description: 'acme ACTIVE' },
    );
    expect(tenant).toMatchObject({ version: 6, isActive: true, currentOperationId: CREATE_OP });
    expect(await readModel.queries.operation(CREATE_OP)).toMatchObject({
      status: 'SUCCEEDED',
      attempt: 1,
      requestedBy: ALICE,
    });
    expect((await readModel.queries.history('acme')).map((e) => e.type)).toEqual([
      'TenantRequested',
      'TenantProvisioningStarted',
      'TenantProvisioningStepCompleted',
      'TenantProvisioningStepCompleted',
      'TenantProvisioningStepCompleted',
      'TenantProvisioningStepCompleted',
      'TenantProvisioned',
    ]);
    const mine = await readModel.queries.notifications({ kind: 'MINE', recipient: ALICE }, { first: 100 });
    expect(mine.filter((n) => n.type === 'TENANT_CREATED')).toEqual([
      expect.objectContaining({
        tenantId: 'acme',
        operationId: CREATE_OP,
        message: "Tenant 'Tenant acme' is ready",
        recipientId: ALICE,
      }),
    ]);
    expect(await readModel.queries.notifications({ kind: 'MINE', recipient: BOB }, { first: 100 })).toEqual([]);
  });

  it('keeps history free of secrets', async () => {
    const history = await readModel.queries.history('acme');
    expect(history[0]!.data).not.toMatch(/argon2|adminPasswordHash/);
    expect(JSON.parse(history[0]!.data)).toMatchObject({ tenantId: 'acme', name: 'Tenant acme' });
  });

  it('changes nothing and adds no notification when the same events are delivered again', async () => {
    const stored = await world.publish(...[tenantRequested('beta')]);
    await caughtUp();
    const before = await snapshot(readModel);
    await world.republish(stored);
    await caughtUp();
    expect(await snapshot(readModel)).toEqual(before);
  });

  it('changes nothing when the whole stream is replayed from the start', async () => {
    await caughtUp();
    const before = await snapshot(readModel);
    await readModel.close();
    await resetCheckpoint(world.database.url);
    readModel = await open();
    await caughtUp();
    expect(await snapshot(readModel)).toEqual(before);
  });

  it('sends the outcome of an update to whoever updated, not to the tenant creator', async () => {
    await world.publish(
      updateRequested('acme', { requestedBy: BOB }),
      updated('acme', { requestedBy: BOB, name: 'Acme FC' }),
    );
    await waitFor(
      () => readModel.queries.tenant('acme'),
      (t) => t?.name === 'Acme FC',
      { description: 'acme renamed' },
    );
    const bob = await readModel.queries.notifications({ kind: 'MINE', recipient: BOB }, { first: 100 });
    expect(bob.map((n) => [n.type, n.message])).toEqual([['TENANT_UPDATED', "Tenant 'Acme FC' was updated"]]);
    const alice = await readModel.queries.notifications({ kind: 'MINE', recipient: ALICE }, { first: 100 });
    expect(alice.map((n) => n.type)).not.toContain('TENANT_UPDATED');
  });

  it('lets only one of several gateways project; the other takes over when it stops', async () => {
    const replica = await open();
    try {
      await waitFor(
        () => [readModel.projectorStatus().role, replica.projectorStatus().role].sort().join(','),
        (roles) => roles === 'leader,standby',
        {
          description: 'one leader and one standby',
        },
      );
      await readModel.close();
      await waitFor(
        () => replica.projectorStatus().role,
        (role) => role === 'leader',
        { description: 'the replica to lead' },
      );
      await world.publish(tenantRequested('gamma'));
      await waitFor(
        () => replica.queries.tenant('gamma'),
        (t) => t?.status === 'PENDING',
        { description: 'gamma projected by the replica' },
      );
    } finally {
      await replica.close();
      readModel = await open();
    }
  });

  it('passes over a message that is not a tenant event, and goes on', async () => {
    await world.nats
      .jetstream()
      .publish(world.names.eventSubject('acme', 'Garbage'), new TextEncoder().encode('{"not":"an event"}'));
    await world.publish(tenantRequested('epsilon'));
    await waitFor(
      () => readModel.queries.tenant('epsilon'),
      (t) => t !== null,
      { description: 'epsilon after the garbage' },
    );
    expect(readModel.projectorStatus().undecodable).toBe(1);
  });

  it('places its consumer again when the consumer is deleted under it', async () => {
    const jsm = await world.nats.jetstreamManager();
    await jsm.consumers.delete(world.names.stream, world.names.consumers.projector);
    await world.publish(tenantRequested('zeta'));
    await waitFor(
      () => readModel.queries.tenant('zeta'),
      (t) => t !== null,
      { description: 'zeta after the consumer was deleted', within: '20s' },
    );
  });

  it('counts operations by status for the queue stats', async () => {
    await caughtUp();
    expect(await readModel.queries.queueStats()).toMatchObject({
      queued: 4,
      running: 0,
      succeeded: 2,
      failed: 0,
      redelivered: 0,
      workers: 0,
    });
  });

  it('shows a live viewer every status a tenant passed through, even when one batch holds its whole creation', async () => {
    await readModel.close();
    const statuses = new Inbox<string>();
    const subscription = world.nats.subscribe(liveSubjects(world.names).tenantChange('iota'), {
      callback: (_error, message) => statuses.push(decodeTenantView(message.data).status),
    });
    await world.nats.flush();
    try {
      // Queued while no projector runs: the next one fetches the creation's seven events together.
      await world.publish(...provisionedHistory('iota'));
      readModel = await open();
      await statuses.next((status) => status === 'ACTIVE', { description: 'iota ACTIVE on its live subject' });
      expect(statuses.all).toEqual(['PENDING', 'PROVISIONING', 'ACTIVE']);
    } finally {
      subscription.unsubscribe();
    }
  });

  it('projects again what a server crash lost after the batch was acknowledged, under cursors never handed out', async () => {
    const sequenceBefore = await world.lastSequence();
    await world.publish(...provisionedHistory('kappa'));
    await caughtUp();
    const lostCursors = (await readModel.queries.notifications({ kind: 'ALL' }, { first: 1000 }))
      .filter((n) => n.tenantId === 'kappa')
      .map((n) => BigInt(n.cursor));
    const projected = await readModel.queries.tenant('kappa');
    await readModel.close();
    // What a crash of PostgreSQL loses of commits that did not wait for the WAL flush: the
    // batch's rows and checkpoint (its messages were acknowledged, its cursors announced).
    await withClient(world.database.url, async (client) => {
      for (const table of ['notifications', 'tenant_events', 'operations'])
        await client.query(`DELETE FROM read_model.${table} WHERE tenant_id = 'kappa'`);
      await client.query(`DELETE FROM read_model.tenants WHERE id = 'kappa'`);
      await client.query(`UPDATE read_model.projector_checkpoints SET stream_sequence = $1`, [sequenceBefore]);
    });

    readModel = await open();
    const again = await waitFor(
      () => readModel.queries.tenant('kappa'),
      (t) => t?.status === 'ACTIVE',
      { description: 'kappa projected again' },
    );
    expect(again).toEqual(projected);
    const cursors = (await readModel.queries.notifications({ kind: 'ALL' }, { first: 1000 }))
      .filter((n) => n.tenantId === 'kappa')
      .map((n) => BigInt(n.cursor));
    expect(cursors).toHaveLength(lostCursors.length);
    const highestLost = lostCursors.reduce((a, b) => (a > b ? a : b));
    for (const cursor of cursors) expect(cursor).toBeGreaterThan(highestLost + BigInt(CURSOR_LEAP) - 1n);
  });

  it('announces each notification with the cursor of the same recipient’s notification right before it', async () => {
    const announced = new Inbox<StoredNotification>();
    const subscription = world.nats.subscribe(world.names.allNotifications, {
      callback: (_error, message) => announced.push(decodeNotification(message.data)),
    });
    await world.nats.flush();
    try {
      const carol = 'root/user-carol';
      await world.publish(
        tenantRequested('eta', { requestedBy: carol }),
        tenantRequested('theta'),
        ...provisionedHistory('eta')
          .slice(1)
          .map((e) => ({ ...e, data: { ...e.data, requestedBy: carol } }) as TenantEvent),
        updateRequested('theta', { requestedBy: BOB }),
        updated('theta', { requestedBy: BOB }),
      );
      // eta: 4 progress + created for Carol; theta: the update for Bob.
      const received = await announced.take(6, () => true, { description: "Carol's five and Bob's one announcements" });
      for (const userId of [carol, BOB]) {
        const cursors = (
          await readModel.queries.notifications({ kind: 'MINE', recipient: userId }, { first: 100 })
        ).map((n) => n.cursor);
        const chain = received.filter((n) => n.recipientId === userId).map((n) => [n.previousCursor, n.cursor]);
        expect(chain.length).toBeGreaterThan(0);
        for (const [previous, cursor] of chain) expect(previous).toBe(cursors[cursors.indexOf(cursor!) - 1] ?? null);
      }
      expect(received.find((n) => n.recipientId === carol)!.previousCursor).toBeNull();
      expect(received.find((n) => n.recipientId === BOB)!.previousCursor).not.toBeNull();
    } finally {
      subscription.unsubscribe();
    }
  });
});

async function snapshot(readModel: ReadModel) {
  const tenants = await readModel.queries.tenants();
  const operations = await readModel.queries.operations({ first: 1000 });
  const notifications = await readModel.queries.notifications({ kind: 'ALL' }, { first: 1000 });
  const histories = await Promise.all(tenants.map((t) => readModel.queries.history(t.id)));
  return { tenants, operations, notifications, histories };
}

const checkpointOf = (url: string) =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{ s: string }>(
      `SELECT stream_sequence AS s FROM read_model.projector_checkpoints WHERE name = 'projector'`,
    );
    return Number(rows[0]?.s ?? 0);
  });

const resetCheckpoint = (url: string) =>
  withClient(url, (client) => client.query(`UPDATE read_model.projector_checkpoints SET stream_sequence = 0`));
