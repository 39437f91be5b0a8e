import { createTestDatabase, TestDatabase } from '@tenantry/testing';
import { TenantConnections } from './connections';
import { TenantLocation } from './location';
import { migrateTenant } from './migrate';
import { ensureUser, ensureUserWithRole, findTenantUser } from './users';

let database: TestDatabase;
let connections: TenantConnections;
const at = (schema: string): TenantLocation => ({ connectionString: database.url, schema, database: database.name });
const grantsIn = (location: TenantLocation) =>
  connections.withClient(location.connectionString, async (client) =>
    (
      await client.query(
        `select u.email, r.name as role from "${location.schema}".user_roles ur
         join "${location.schema}".users u on u.id = ur.user_id join "${location.schema}".roles r on r.id = ur.role_id`,
      )
    ).rows.map((row: { email: string; role: string }) => `${row.email} ${row.role}`),
  );

beforeAll(async () => {
  database = await createTestDatabase('tenant_users');
  connections = new TenantConnections();
});
afterAll(async () => {
  await connections.close();
  await database.drop();
});

/** The admin and its role in one statement: as idempotent as the two statements it replaces. */
describe('ensureUserWithRole', () => {
  const admin = { email: 'owner@acme.test', passwordHash: '$argon2id$x', role: 'admin' };

  it('creates the user with the role, and a second run changes nothing', async () => {
    const location = at('tenant_fresh');
    await migrateTenant(location, undefined, connections);
    for (let run = 0; run < 2; run++)
      await connections.withClient(database.url, (client) => ensureUserWithRole(client, location, admin));
    expect(await grantsIn(location)).toEqual(['owner@acme.test admin']);
    expect((await findTenantUser(connections, location, admin.email))?.passwordHash).toBe(admin.passwordHash);
  });

  it('grants the role to a user created before (a job that crashed between the two)', async () => {
    const location = at('tenant_resumed');
    await migrateTenant(location, undefined, connections);
    await connections.withClient(database.url, (client) =>
      ensureUser(client, location, admin.email, admin.passwordHash),
    );
    expect(await grantsIn(location)).toEqual([]);
    await connections.withClient(database.url, (client) =>
      ensureUserWithRole(client, location, { ...admin, passwordHash: '$argon2id$other' }),
    );
    expect(await grantsIn(location)).toEqual(['owner@acme.test admin']);
    expect((await findTenantUser(connections, location, admin.email))?.passwordHash).toBe(admin.passwordHash);
  });
});
