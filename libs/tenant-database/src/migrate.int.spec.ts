import { Migration } from '@mikro-orm/migrations';
import { ClientBase, Pool } from 'pg';
import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { TenantConnections } from './connections';
import { migrateTenant } from './migrate';
import { TENANT_MIGRATIONS } from './migrations';
import { TenantLocation } from './location';

class AddNickname extends Migration {
  override async up(): Promise<void> {
    const rows = (await this.execute(`select count(*)::int as n from "${this.config.get('schema')}".roles`)) as Array<{
      n: number;
    }>;
    this.addSql(
      `alter table "${this.config.get('schema')}".users add column nickname text default 'roles:${rows[0]!.n}'`,
    );
  }
}

class Broken extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "${this.config.get('schema')}".users add column broken text`);
    this.addSql('select * from no_such_table');
  }
}

const withNickname = [...TENANT_MIGRATIONS, { name: 'Migration20261201000000AddNickname', class: AddNickname }];

let database: TestDatabase;
let pool: Pool;
let connections: TenantConnections;
const at = (schema: string): TenantLocation => ({ connectionString: database.url, schema, database: database.name });
const columnsOf = async (schema: string, table: string) =>
  (
    await pool.query<{ column_name: string }>(
      'select column_name from information_schema.columns where table_schema = $1 and table_name = $2 order by column_name',
      [schema, table],
    )
  ).rows.map((row) => row.column_name);
const appliedIn = async (schema: string) =>
  (await pool.query<{ name: string }>(`select name from "${schema}".mikro_orm_migrations order by id`)).rows.map(
    (row) => row.name,
  );

beforeAll(async () => {
  database = await createTestDatabase('tenant_migrations');
  pool = new Pool({ connectionString: database.url, max: 2 });
  connections = new TenantConnections();
});
afterAll(async () => {
  await connections.close();
  await pool.end();
  await database.drop();
});

describe('migrateTenant', () => {
  it('creates the schema, its tables and the MikroORM migrations table, then applies nothing twice', async () => {
    expect(await migrateTenant(at('tenant_first'), TENANT_MIGRATIONS, connections)).toEqual({
      applied: [TENANT_MIGRATIONS[0]!.name],
    });
    expect(await columnsOf('tenant_first', 'users')).toEqual(['created_at', 'email', 'id', 'password_hash']);
    expect((await pool.query('select name from tenant_first.roles order by name')).rows).toEqual([
      { name: 'admin' },
      { name: 'member' },
    ]);
    expect(await columnsOf('tenant_first', 'mikro_orm_migrations')).toEqual(['executed_at', 'id', 'name']);

    expect(await migrateTenant(at('tenant_first'), TENANT_MIGRATIONS, connections)).toEqual({ applied: [] });
    expect(await appliedIn('tenant_first')).toEqual([TENANT_MIGRATIONS[0]!.name]);
  });

  it('applies only the new migration to an up-to-date schema, and a migration may query through this.execute', async () => {
    await migrateTenant(at('tenant_second'), TENANT_MIGRATIONS);
    expect(await migrateTenant(at('tenant_second'), withNickname)).toEqual({
      applied: ['Migration20261201000000AddNickname'],
    });
    expect(
      (
        await pool.query(
          `select column_default from information_schema.columns where table_schema = 'tenant_second' and column_name = 'nickname'`,
        )
      ).rows[0].column_default,
    ).toContain('roles:2');
  });

  it('a migration that queries in up() sees what the migrations before it in the same run did', async () => {
    // The first migration's SQL waits to be sent with the others; the query in AddNickname's up() sends it first.
    expect(await migrateTenant(at('tenant_one_run'), withNickname, connections)).toEqual({
      applied: withNickname.map((m) => m.name),
    });
    expect(
      (
        await pool.query(
          `select column_default from information_schema.columns where table_schema = 'tenant_one_run' and column_name = 'nickname'`,
        )
      ).rows[0].column_default,
    ).toContain('roles:2');
  });

  it('changes nothing when a migration fails: all or nothing', async () => {
    await expect(
      migrateTenant(
        at('tenant_third'),
        [...TENANT_MIGRATIONS, { name: 'Migration20261202000000Broken', class: Broken }],
        connections,
      ),
    ).rejects.toThrow(/no_such_table/);
    expect(
      (await pool.query(`select 1 from information_schema.schemata where schema_name = 'tenant_third'`)).rowCount,
    ).toBe(0);
  });

  it('commits the work given to run after the migrations with them, or nothing when it fails', async () => {
    const insertOwner = (client: ClientBase) =>
      client.query(`insert into users (email, password_hash) values ('owner@acme.test', 'x')`).then(() => undefined);
    await expect(
      migrateTenant(at('tenant_fourth'), TENANT_MIGRATIONS, connections, {
        thenInTransaction: async (client) => {
          await insertOwner(client);
          throw new Error('the admin could not be made');
        },
      }),
    ).rejects.toThrow('the admin could not be made');
    expect(
      (await pool.query(`select 1 from information_schema.schemata where schema_name = 'tenant_fourth'`)).rowCount,
    ).toBe(0);

    // In the migrations' transaction, so with their search_path: unqualified names are the tenant's.
    await migrateTenant(at('tenant_fourth'), TENANT_MIGRATIONS, connections, { thenInTransaction: insertOwner });
    expect((await pool.query('select email from tenant_fourth.users')).rows).toEqual([{ email: 'owner@acme.test' }]);
    expect(await appliedIn('tenant_fourth')).toEqual([TENANT_MIGRATIONS[0]!.name]);
  });

  it('applies each migration once when workers migrate the same tenant at the same time', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => migrateTenant(at('tenant_raced'), withNickname)));
    expect(results.flatMap((r) => r.applied).sort()).toEqual(withNickname.map((m) => m.name).sort());
    expect(await appliedIn('tenant_raced')).toEqual(withNickname.map((m) => m.name));
  });
});
