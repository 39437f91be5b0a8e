import { inTransaction } from '@tenantry/postgres';
import { ClientBase, PoolClient } from 'pg';
import { TenantConnections, quoteIdentifier } from './connections';
import { TenantLocation } from './location';

export interface TenantUser {
  id: string;
  email: string;
  passwordHash: string;
  roles: string[];
}

const inSchema = (location: TenantLocation, table: string) => `${quoteIdentifier(location.schema)}.${table}`;

/** Creates the user unless one with that email exists; returns its id either way. */
export async function ensureUser(
  client: PoolClient,
  location: TenantLocation,
  email: string,
  passwordHash: string,
): Promise<string> {
  const inserted = await client.query<{ id: string }>(
    `insert into ${inSchema(location, 'users')} (email, password_hash) values ($1, $2)
     on conflict (email) do nothing returning id`,
    [email, passwordHash],
  );
  if (inserted.rows[0]) return inserted.rows[0].id;
  const existing = await client.query<{ id: string }>(
    `select id from ${inSchema(location, 'users')} where email = $1`,
    [email],
  );
  return existing.rows[0]!.id;
}

/**
 * `ensureUser` and `grantRole` in one statement (one round trip): the user unless one with
 * that email exists, and the role for whichever it is. The inserted row is read from the
 * insert itself, since the statement's snapshot does not see it in the table.
 */
export async function ensureUserWithRole(
  client: ClientBase,
  location: TenantLocation,
  user: { email: string; passwordHash: string; role: string },
): Promise<void> {
  const users = inSchema(location, 'users');
  await client.query(
    `with inserted as (
       insert into ${users} (email, password_hash) values ($1, $2) on conflict (email) do nothing returning id
     ), the_user as (
       select id from inserted union all select id from ${users} where email = $1
     )
     insert into ${inSchema(location, 'user_roles')} (user_id, role_id)
     select u.id, r.id from the_user u, ${inSchema(location, 'roles')} r where r.name = $3
     on conflict do nothing`,
    [user.email, user.passwordHash, user.role],
  );
}

export async function grantRole(
  client: PoolClient,
  location: TenantLocation,
  email: string,
  role: string,
): Promise<void> {
  await client.query(
    `insert into ${inSchema(location, 'user_roles')} (user_id, role_id)
     select u.id, r.id from ${inSchema(location, 'users')} u, ${inSchema(location, 'roles')} r
     where u.email = $1 and r.name = $2
     on conflict do nothing`,
    [email, role],
  );
}

export async function findTenantUser(
  connections: TenantConnections,
  location: TenantLocation,
  email: string,
): Promise<TenantUser | undefined> {
  return connections.withClient(location.connectionString, async (client) => {
    const result = await client.query<{ id: string; email: string; password_hash: string; roles: string[] | null }>(
      `select u.id, u.email, u.password_hash, array_remove(array_agg(r.name), null) as roles
       from ${inSchema(location, 'users')} u
       left join ${inSchema(location, 'user_roles')} ur on ur.user_id = u.id
       left join ${inSchema(location, 'roles')} r on r.id = ur.role_id
       where u.email = lower($1) group by u.id`,
      [email.trim()],
    );
    const row = result.rows[0];
    return row && { id: row.id, email: row.email, passwordHash: row.password_hash, roles: row.roles ?? [] };
  });
}

export async function createTenantUser(
  connections: TenantConnections,
  location: TenantLocation,
  user: { email: string; passwordHash: string; roles: string[] },
): Promise<TenantUser> {
  return connections.withClient(location.connectionString, (client) =>
    inTransaction(client, async () => {
      const id = await ensureUser(client, location, user.email, user.passwordHash);
      for (const role of user.roles) await grantRole(client, location, user.email, role);
      return { id, email: user.email, passwordHash: user.passwordHash, roles: user.roles };
    }),
  );
}
