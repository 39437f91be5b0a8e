import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createTestDatabase, startTestSystem, TestSystem } from '@tenantry/testing';
import { GatewayWorld } from '../gateway-world';

/**
 * Issue 16 (6), the operator's upgrade: a database made by Tenantry 0.1.0 (the last
 * release whose services created their tables at start, fixtures/) with its data, then
 * `npm run migrate`, then this version's services on it.
 */
jest.setTimeout(240_000);

const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const run = promisify(execFile);

/** The rows of the tables that are the source of truth, as text, in a stable order. */
const SOURCE_OF_TRUTH = `
  SELECT 'events' AS t, json_agg(e ORDER BY global_position)::text AS rows
    FROM (SELECT global_position, id, stream, revision, type, data, metadata, recorded_at FROM public.events) e
  UNION ALL SELECT 'preferences', json_agg(p ORDER BY principal)::text FROM gateway.notification_preferences p
  UNION ALL SELECT 'directory', json_agg(d ORDER BY principal)::text FROM gateway.user_directory d
  UNION ALL SELECT 'idempotency', json_agg(i ORDER BY key)::text FROM public.command_idempotency i
  ORDER BY 1`;

/** Tables, columns, constraints, indexes and functions of the control-plane schemas. */
const CATALOG = `
  SELECT 'column' AS kind, table_schema || '.' || table_name || '.' || column_name AS name,
         concat_ws(' ', data_type, is_nullable, column_default) AS definition
    FROM information_schema.columns WHERE table_schema IN ('public', 'gateway', 'read_model')
  UNION ALL SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace::regnamespace::text IN ('public', 'gateway', 'read_model')
  UNION ALL SELECT 'index', schemaname || '.' || indexname, indexdef
    FROM pg_indexes WHERE schemaname IN ('public', 'gateway', 'read_model')
  UNION ALL SELECT 'function', p.oid::regprocedure::text, pg_get_functiondef(p.oid)
    FROM pg_proc p WHERE pronamespace::regnamespace::text IN ('public', 'gateway', 'read_model')
  ORDER BY 1, 2`;

describe('upgrading a database made by Tenantry 0.1.0', () => {
  let system: TestSystem;
  let db: Client;
  let before: unknown[];
  let world: GatewayWorld | undefined;

  const migrate = (databaseUrl = system.database.url) =>
    run(process.execPath, [join(ROOT, 'tools', 'migrate.js')], {
      env: { ...process.env, ...system.env, DATABASE_URL: databaseUrl },
    });
  const exists = async (relation: string) =>
    (await db.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [relation])).rows[0]!.found !== null;

  beforeAll(async () => {
    system = await startTestSystem('upgrade', { JWT_TTL_SECONDS: '600' });
    db = new Client({ connectionString: system.database.url });
    await db.connect();
    await db.query(fixture('control-plane-0.1.0-schema.sql'));
    await db.query(fixture('control-plane-0.1.0-data.sql'));
    // pg_dump's script empties the session's search_path; names read back as in any session.
    await db.query('RESET search_path');
    before = (await db.query(SOURCE_OF_TRUTH)).rows;
  });
  afterAll(async () => {
    await db?.end();
    if (world) await world.dispose();
    else await system?.dispose();
  });

  it('(1) in production, a service refuses to start on it, names `npm run migrate`, and changes nothing', async () => {
    const service = await system.start('tenant-command', {
      instance: 'tenant-command-production',
      ready: false,
      env: {
        NODE_ENV: 'production',
        JWT_SECRET: 'an-upgrade-test-secret-of-forty-characters',
        SECRETS_KEY: '7'.repeat(64),
        ROOT_ADMIN_PASSWORD: 'Upgrade-Test-Password-42',
      },
    });
    const exit = await service.exited;
    expect(exit.code).toBe(1);
    const said = service.logs.join('\n');
    expect(said).toContain('control-plane schema is behind');
    expect(said).toContain('npm run migrate');
    expect(said).toContain('tenant-command 0001-command-idempotency');
    expect(await exists('public.tenantry_migrations')).toBe(false);
    expect((await db.query(SOURCE_OF_TRUTH)).rows).toEqual(before);
  });

  it('(2) `npm run migrate` applies every migration, printing each; run again, it has nothing to apply', async () => {
    const first = await migrate();
    for (const applied of [
      'event-store 0001-events',
      'relay 0001-relay-checkpoints',
      'tenant-command 0001-command-idempotency',
      'gateway 0001-gateway-state',
      'read-model 0001-read-model',
      'read-model 0002-drop-upgrades',
      'read-model 0003-page-indexes',
      'read-model 0004-projector-lease-fence',
      'read-model 0005-prefix-search-statistics',
    ])
      expect(first.stdout).toContain(`applied ${applied}\n`);
    const again = await migrate();
    expect(again.stdout).not.toContain('applied ');
    expect(again.stdout).toContain('nothing to apply, the control-plane schema is current');
  });

  it('(3) keeps every row of the events, the gateway state and the idempotency keys', async () => {
    expect((await db.query(SOURCE_OF_TRUTH)).rows).toEqual(before);
  });

  it('(4) records the history per schema, and the later migration changed the schema (read_model.upgrades is gone)', async () => {
    const history = await db.query<{ schema: string; component: string; name: string }>(`
      SELECT 'public' AS schema, component, name FROM public.tenantry_migrations
      UNION ALL SELECT 'gateway', component, name FROM gateway.tenantry_migrations
      UNION ALL SELECT 'read_model', component, name FROM read_model.tenantry_migrations
      ORDER BY 1, 2, 3`);
    expect(history.rows.map((row) => `${row.schema} ${row.component} ${row.name}`)).toEqual([
      'gateway gateway 0001-gateway-state',
      'public event-store 0001-events',
      'public relay 0001-relay-checkpoints',
      'public tenant-command 0001-command-idempotency',
      'read_model read-model 0001-read-model',
      'read_model read-model 0002-drop-upgrades',
      'read_model read-model 0003-page-indexes',
      'read_model read-model 0004-projector-lease-fence',
      'read_model read-model 0005-prefix-search-statistics',
    ]);
    expect(await exists('read_model.upgrades')).toBe(false);
  });

  it('(5) ends with the same schema as a new installation', async () => {
    const fresh = await createTestDatabase('fresh_install');
    const other = new Client({ connectionString: fresh.url });
    try {
      await migrate(fresh.url);
      await other.connect();
      const installed = (await other.query(CATALOG)).rows;
      expect(installed.length).toBeGreaterThan(60);
      expect((await db.query(CATALOG)).rows).toEqual(installed);
    } finally {
      await other.end();
      await fresh.drop();
    }
  });

  it('(6) the services start on it: the old tenant is served as it was, and a new one is created', async () => {
    world = await GatewayWorld.startOn(system);
    const legacy = await world.waitForTenant('legacy-co', (t) => t?.status === 'ACTIVE', 'projected from 0.1.0 events');
    expect(legacy).toMatchObject({ name: 'Legacy Company', isActive: true, version: 10 });

    const created = await world.createTenant({ id: 'after-upgrade', name: 'After Upgrade' });
    expect(created.errors).toBeUndefined();
    await world.waitForTenant('after-upgrade', (t) => t?.status === 'ACTIVE', 'to be ACTIVE', '60s');
    const streams = await db.query<{ stream: string; events: string }>(
      `SELECT stream, count(*) AS events FROM public.events WHERE stream = 'tenant-legacy-co' GROUP BY stream`,
    );
    expect(streams.rows).toEqual([{ stream: 'tenant-legacy-co', events: '11' }]);
  });
});
