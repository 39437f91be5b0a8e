import { Client } from 'pg';

/** The raw PostgreSQL floor: one client, one table. */
export async function rawClient(databaseUrl: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    'create table if not exists bench_raw_jobs (id bigserial primary key, data jsonb not null, created_at timestamptz not null default now())',
  );
  return client;
}
