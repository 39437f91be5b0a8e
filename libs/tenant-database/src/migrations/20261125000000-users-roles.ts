import { Migration } from '@mikro-orm/migrations';

/** The tables every tenant starts with: users, roles and who holds which. */
export class Migration20261125000000UsersRoles extends Migration {
  override up(): void {
    const s = `"${this.config.get('schema')}"`;
    this.addSql(`create table if not exists ${s}.users (
      id uuid primary key default gen_random_uuid(),
      email text not null unique,
      password_hash text not null,
      created_at timestamptz not null default now())`);
    this.addSql(`create table if not exists ${s}.roles (
      id serial primary key,
      name text not null unique)`);
    this.addSql(`create table if not exists ${s}.user_roles (
      user_id uuid not null references ${s}.users(id) on delete cascade,
      role_id int not null references ${s}.roles(id) on delete cascade,
      primary key (user_id, role_id))`);
    this.addSql(`insert into ${s}.roles (name) values ('admin'), ('member') on conflict (name) do nothing`);
  }

  override down(): void {
    const s = `"${this.config.get('schema')}"`;
    this.addSql(`drop table if exists ${s}.user_roles, ${s}.roles, ${s}.users`);
  }
}
