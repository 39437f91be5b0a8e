/** Names of the adapter's objects in one PostgreSQL schema. */
export interface EventStoreTables {
  schema: string;
  /** Quoted, schema-qualified events table. */
  events: string;
  /** Quoted, schema-qualified append function. */
  appendFunction: string;
  /** Channel that `append` notifies on commit. */
  channel: string;
  /** Key for the advisory lock that serialises `ensureSchema`. */
  lockKey: string;
  /**
   * Name of a prepared statement of this schema: each connection parses and plans the
   * append and the reads once (readAll's visibility bound costs more to plan than to run).
   */
  statement(name: 'append' | 'read_stream' | 'read_all_committed' | 'read_log'): string;
}

export class InvalidSchemaName extends Error {
  readonly code = 'INVALID_SCHEMA_NAME';
  constructor(readonly schema: string) {
    super(`Schema name must match [a-z_][a-z0-9_]*: ${JSON.stringify(schema)}`);
    this.name = 'InvalidSchemaName';
  }
}

export function eventStoreTables(schema = 'public'): EventStoreTables {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema) || schema.length > 40) throw new InvalidSchemaName(schema);
  return {
    schema,
    events: `"${schema}"."events"`,
    appendFunction: `"${schema}"."append_events"`,
    channel: `${schema}_events_appended`,
    lockKey: `tenantry.event_store.${schema}`,
    statement: (name) => `tenantry_es.${schema}.${name}`,
  };
}
