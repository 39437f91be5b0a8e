import { waitFor } from '@tenantry/testing';
import { Client } from 'pg';
import type { ReadModel } from '../read-model';
import { rebuildReadModels, RebuildProgress, RebuildRefused } from '../rebuild/rebuild';
import { createReadSideWorld, ReadSideWorld } from './read-side-world';
import {
  at,
  BOB,
  deleted,
  deletionRequested,
  provisionedHistory,
  provisioningFailed,
  provisioningStarted,
  retryRequested,
  stepCompleted,
  tenantRequested,
  updateRequested,
  updated,
} from './tenant-events';

describe('rebuilding the read models from the stream', () => {
  let world: ReadSideWorld;

  const open = () => world.openReadModel();
  const contents = async (readModel: ReadModel) => {
    const tenants = await readModel.queries.tenants();
    return {
      tenants,
      operations: await readModel.queries.operations({ first: 1000 }),
      histories: await Promise.all(tenants.map((t) => readModel.queries.history(t.id))),
      // Cursors are renumbered by a rebuild; everything else is the same.
      notifications: (await readModel.queries.notifications({ kind: 'ALL' }, { first: 1000 })).map(
        ({ cursor: _c, ...rest }) => rest,
      ),
    };
  };

  beforeAll(async () => {
    world = await createReadSideWorld('rebuild');
  });
  afterAll(() => world?.dispose());

  it('gives the same tenants, operations, history and notifications', async () => {
    const readModel = await open();
    await world.publish(
      ...provisionedHistory('alpha'),
      updateRequested('alpha', { requestedBy: BOB }),
      updated('alpha', { requestedBy: BOB, name: 'Alpha AG' }),
      tenantRequested('beta'),
      provisioningStarted('beta'),
      provisioningFailed('beta'),
      retryRequested('beta'),
      ...provisionedHistory('gamma'),
      deletionRequested('gamma'),
      deleted('gamma'),
      // A late step of alpha's finished create: the rebuild has evicted that operation by then and reads it back.
      stepCompleted('alpha', 'ASSIGNING_ROLES', { occurredAt: at(12) }),
    );
    await world.publishRaw('not a tenant event');
    const last = await world.lastSequence();
    await waitFor(
      () => readModel.projectorStatus().checkpoint,
      (checkpoint) => checkpoint >= last,
      { description: `checkpoint ${last}` },
    );
    const before = await contents(readModel);
    const indexesBefore = await indexDefinitions(world.database.url);
    // The prefix search's indexes keep their finer statistics through the rebuild (migration 0005).
    expect(indexesBefore.filter((definition) => definition.endsWith('[statistics 1000]'))).toHaveLength(2);

    await expect(
      rebuildReadModels({ databaseUrl: world.database.url, nats: world.nats, prefix: world.prefix }),
    ).rejects.toBeInstanceOf(RebuildRefused);
    await readModel.close();

    const progress: RebuildProgress[] = [];
    const done = await rebuildReadModels({
      databaseUrl: world.database.url,
      nats: world.nats,
      prefix: world.prefix,
      batchSize: 5,
      onProgress: (p) => progress.push(p),
    });
    // Everything but the message that is not a tenant event.
    expect(done).toMatchObject({ processed: last, total: last, applied: last - 1 });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.map((p) => p.processed)).toEqual([...progress.map((p) => p.processed)].sort((a, b) => a - b));

    // The rebuild loads without secondary indexes, then creates them again.
    expect(await indexDefinitions(world.database.url)).toEqual(indexesBefore);

    const rebuilt = await open();
    try {
      expect(await contents(rebuilt)).toEqual(before);
      // The gateway continues from the rebuilt checkpoint.
      await world.publish(tenantRequested('delta'));
      await waitFor(
        () => rebuilt.queries.tenant('delta'),
        (t) => t?.status === 'PENDING',
        { description: 'delta after the rebuild' },
      );
      expect((await rebuilt.queries.tenants()).map((t) => t.id).sort()).toEqual(['alpha', 'beta', 'delta', 'gamma']);
    } finally {
      await rebuilt.close();
    }
  });
});

async function indexDefinitions(databaseUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // With each column's statistics target, where one is set (ALTER INDEX … SET STATISTICS).
    const { rows } = await client.query<{ definition: string }>(
      `select i.indexdef || coalesce((select ' [statistics ' || string_agg(a.attstattarget::text, ', ' order by a.attnum) || ']'
                                        from pg_attribute a
                                       where a.attrelid = format('%I.%I', i.schemaname, i.indexname)::regclass
                                         and a.attnum > 0 and a.attstattarget >= 0), '') as definition
         from pg_indexes i where i.schemaname = 'read_model' order by i.indexname`,
    );
    return rows.map((row) => row.definition);
  } finally {
    await client.end();
  }
}
