/**
 * Synthetic read-model rows, written straight into the tables as the rebuild writes them
 * (set-based, one statement per table, `generate_series`): many tenants and operations in
 * seconds, for the paging specs and the bench. Column for column what the projector
 * stores; times in the past (2025), so tenants created live are always the newest.
 */

export interface ReadModelSeed {
  /** Ids are `<prefix><index, 6 digits>`; names are `<word> <letter> <index>` (10 words, 26 letters). */
  prefix: string;
  tenants: number;
  /** Spread over the tenants; every tenth belongs to the first tenant (one tenant with many). */
  operations: number;
  /** History rows of the first tenant (versions 0..n-1). */
  events?: number;
}

/** The first tenant's id: the one with many operations and its history. */
export const seededTenantId = (prefix: string, index = 0): string => `${prefix}${String(index).padStart(6, '0')}`;

export const SEED_WORDS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark',
  'Wayne',
  'Wonka',
  'Tyrell',
  'Soylent',
];

const STATUS = `case when i % 20 = 0 then 'FAILED' when i % 50 = 1 then 'PROVISIONING' when i % 100 = 2 then 'DELETED' else 'ACTIVE' end`;

export async function seedReadModel(
  sql: { query(text: string, values?: unknown[]): Promise<unknown> },
  seed: ReadModelSeed,
): Promise<void> {
  const words = `array[${SEED_WORDS.map((w) => `'${w}'`).join(',')}]`;
  const id = (index: string) => `$1 || lpad((${index})::text, 6, '0')`;
  // Two tenants per second (ties on created_at: the id orders them).
  await sql.query(
    `insert into read_model.tenants (id, name, is_active, status, provisioning_error, last_provisioning_attempt,
       admin_email, database_mode, database_name, database_host, database_secret, created_at, updated_at, version,
       current_operation_id, priority, status_before_operation)
     select ${id('i')}, (${words})[1 + i % 10] || ' ' || chr(65 + (i / 10) % 26) || ' ' || i, i % 100 <> 2, ${STATUS},
       null, null, 'admin' || i || '@seed.test', 'SHARED', 'tenant_seed_' || i, null, null,
       timestamptz '2025-01-01' + (i / 2) * interval '1 second', timestamptz '2025-01-01' + (i / 2) * interval '1 second',
       9, null, 'NORMAL', null
     from generate_series(0, $2::int - 1) i`,
    [seed.prefix, seed.tenants],
  );
  // Ten per 1.1 ms apart (µs times): every tenth to the first tenant, the others round the tenants.
  await sql.query(
    `insert into read_model.operations (id, tenant_id, kind, status, priority, requested_by, requested_at,
       started_at, finished_at, attempt, step, step_name, steps, error, custom_steps)
     select $1 || 'op-' || i, case when i % 10 = 0 then ${id('0')} else ${id('i % $3::int')} end,
       case when i % 7 = 0 then 'DELETE' when i % 3 = 0 then 'CREATE' else 'UPDATE' end,
       case when i % 13 = 0 then 'FAILED' when i % 101 = 0 then 'RUNNING' else 'SUCCEEDED' end, 'NORMAL', 'root/seed',
       timestamptz '2025-01-01' + i * interval '1100 microseconds', null, null, 1, null, null, '[]'::jsonb, null, null
     from generate_series(0, $2::int - 1) i`,
    [seed.prefix, seed.operations, seed.tenants],
  );
  if (seed.events)
    await sql.query(
      `insert into read_model.tenant_events (tenant_id, version, event_id, type, occurred_at, data, stream_sequence)
       select ${id('0')}, v, $1 || 'event-' || v, 'TenantUpdateRequested', timestamptz '2025-01-01' + v * interval '1 second',
         jsonb_build_object('version', v), v + 1
       from generate_series(0, $2::int - 1) v`,
      [seed.prefix, seed.events],
    );
}
