import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { Client } from 'pg';
import { profileViewOf } from '@tenantry/tenant-domain';
import type { OperationView, TenantView } from '../ports';
import { ensureReadModelSchema } from './read-model-database';
import { ALICE, BOB, T0, at } from '../__tests__/tenant-events';
import type { PendingNotification } from './notifications';
import { loadBatchViews, loadOperations, loadTenants, readCheckpoint, recordedEventIds } from './view-reads';
import {
  checkpointWrite,
  historyInsert,
  notificationsInsert,
  operationsUpsert,
  tenantsUpsert,
  writeParts,
  writePartsReturningNotifications,
} from './view-writes';

const tenant = (id: string, overrides: Partial<TenantView> = {}): TenantView => ({
  id,
  ...profileViewOf({ name: `Tenant ${id}` }),
  isActive: true,
  status: 'PENDING',
  provisioningError: null,
  lastProvisioningAttempt: null,
  adminEmail: `admin@${id}.test`,
  database: { mode: 'EXTERNAL', name: id, host: 'db.example' },
  databaseSecret: 'v1.iv.tag.secret',
  createdAt: new Date(T0),
  updatedAt: new Date(T0),
  version: 0,
  currentOperationId: `op-${id}`,
  priority: 'NORMAL',
  statusBeforeOperation: null,
  ...overrides,
});

const operation = (id: string, overrides: Partial<OperationView> = {}): OperationView => ({
  id,
  tenantId: 'acme',
  kind: 'CREATE',
  status: 'QUEUED',
  priority: 'HIGH',
  requestedBy: ALICE,
  requestedAt: new Date(T0),
  startedAt: null,
  finishedAt: null,
  attempt: 1,
  step: null,
  stepName: null,
  steps: [],
  error: null,
  customSteps: [],
  ...overrides,
});

const note = (eventId: string, recipientId: string, message = `about ${eventId}`): PendingNotification => ({
  eventId,
  recipientId,
  type: 'TENANT_PROVISIONING_PROGRESS',
  tenantId: 'acme',
  operationId: 'op-acme',
  message,
  error: null,
  step: 'CREATING_DATABASE',
  stepName: 'creating-database',
  occurredAt: new Date(at(3)),
});

describe('the set-based read-model writers', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase('view_writes');
    await ensureReadModelSchema(database.url);
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('store tenants as the reads give them back, and replace them on the next upsert', async () => {
    const acme = tenant('acme', {
      lastProvisioningAttempt: new Date(at(1)),
      statusBeforeOperation: 'ACTIVE',
      status: 'UPDATING',
    });
    const plain = tenant('plain', {
      database: { mode: 'SHARED', name: 'tenant_plain', host: null },
      databaseSecret: null,
      currentOperationId: null,
    });
    await writeParts(client, [tenantsUpsert([acme, plain])]);
    expect(await loadTenants(client, ['acme', 'plain', 'absent'])).toEqual(
      new Map([
        ['acme', acme],
        ['plain', plain],
      ]),
    );

    const renamed = {
      ...acme,
      name: 'Acme\'s "best" {tenant}, C:\\dir',
      provisioningError: 'NULL',
      status: 'ACTIVE' as const,
      statusBeforeOperation: null,
      version: 9,
    };
    await writeParts(client, [tenantsUpsert([renamed])]);
    expect((await loadTenants(client, ['acme'])).get('acme')).toEqual(renamed);
  });

  it('store operations with their steps as the reads give them back', async () => {
    const running = operation('op-1', {
      status: 'RUNNING',
      startedAt: new Date(at(1)),
      step: 'RUNNING_MIGRATIONS',
      stepName: 'running-migrations',
      steps: [
        {
          step: 'CREATING_DATABASE',
          stepName: 'creating-database',
          startedAt: new Date(at(1)),
          finishedAt: new Date(at(2)),
        },
      ],
    });
    const failed = operation('op-2', {
      status: 'FAILED',
      finishedAt: new Date(at(4)),
      error: 'disk "full"',
      attempt: 3,
    });
    await writeParts(client, [operationsUpsert([running, failed])]);
    expect(await loadOperations(client, ['op-1', 'op-2'])).toEqual(
      new Map([
        ['op-1', running],
        ['op-2', failed],
      ]),
    );
  });

  it('keep the first history entry of an event', async () => {
    const entry = {
      tenantId: 'acme',
      version: 0,
      eventId: 'e-0',
      type: 'TenantRequested',
      occurredAt: new Date(T0),
      data: '{"name":"Acme"}',
      streamSequence: 1,
    };
    await writeParts(client, [historyInsert([entry])]);
    await writeParts(client, [
      historyInsert([
        { ...entry, data: '{"name":"changed"}' },
        { ...entry, version: 1, eventId: 'e-1', streamSequence: 2 },
      ]),
    ]);
    const { rows } = await client.query('select version, data from read_model.tenant_events order by version');
    expect(rows).toEqual([
      { version: 0, data: { name: 'Acme' } },
      { version: 1, data: { name: 'Acme' } },
    ]);
    expect(await recordedEventIds(client, ['e-0', 'e-1', 'e-2'])).toEqual(new Set(['e-0', 'e-1']));
  });

  it("number notifications in the given order and chain each to its recipient's previous one", async () => {
    await writeParts(client, [notificationsInsert([note('n-0', ALICE)])]);
    const first = await writePartsReturningNotifications(
      client,
      [],
      [note('n-1', ALICE), note('n-1', BOB), note('n-2', ALICE)],
    );
    const [alice0] = (await client.query<{ id: string }>('select id::text from read_model.notifications')).rows;
    expect(first.map((n) => [n.recipientId, n.message])).toEqual([
      [ALICE, 'about n-1'],
      [BOB, 'about n-1'],
      [ALICE, 'about n-2'],
    ]);
    expect(first.map((n) => BigInt(n.cursor))).toEqual([...first.map((n) => BigInt(n.cursor))].sort());
    expect(first.map((n) => n.previousCursor)).toEqual([alice0!.id, null, first[0]!.cursor]);

    // Already stored pairs are passed over and not returned.
    const second = await writePartsReturningNotifications(
      client,
      [checkpointWrite('with-notes', 3)],
      [note('n-2', ALICE), note('n-3', BOB), note('n-3', ALICE)],
    );
    expect(second.map((n) => [n.recipientId, n.message, n.previousCursor])).toEqual([
      [BOB, 'about n-3', first[1]!.cursor],
      [ALICE, 'about n-3', first[2]!.cursor],
    ]);
    expect(second[0]).not.toHaveProperty('eventId');
    expect(await readCheckpoint(client, 'with-notes')).toBe(3);
  });

  it('write several tables in one statement', async () => {
    await writeParts(client, [
      tenantsUpsert([tenant('together')]),
      operationsUpsert([operation('op-together')]),
      checkpointWrite('together', 1),
    ]);
    expect((await loadTenants(client, ['together'])).size).toBe(1);
    expect((await loadOperations(client, ['op-together'])).size).toBe(1);
    expect(await readCheckpoint(client, 'together')).toBe(1);
  });

  it("read a batch's checkpoint and views in one statement, as the single reads give them", async () => {
    const ids = {
      tenantIds: ['acme', 'plain', 'absent'],
      operationIds: ['op-1', 'op-2', 'op-absent'],
      eventIds: ['e-0', 'e-9'],
    };
    expect(await loadBatchViews(client, 'with-notes', ids)).toEqual({
      checkpoint: 3,
      tenants: await loadTenants(client, ids.tenantIds),
      operations: await loadOperations(client, ids.operationIds),
      recordedEventIds: new Set(['e-0']),
    });
    expect(await loadBatchViews(client, 'never-written', { tenantIds: [], operationIds: [], eventIds: [] })).toEqual({
      checkpoint: 0,
      tenants: new Map(),
      operations: new Map(),
      recordedEventIds: new Set(),
    });
  });

  it('move a checkpoint forward only', async () => {
    await writeParts(client, [checkpointWrite('projector', 7)]);
    await writeParts(client, [checkpointWrite('projector', 5)]);
    expect(await readCheckpoint(client, 'projector')).toBe(7);
    expect(await readCheckpoint(client, 'other')).toBe(0);
  });
});
