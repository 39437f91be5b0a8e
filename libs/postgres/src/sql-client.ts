/** What plain-SQL reads and writes need from a connection: pg's Client, PoolClient and Pool fit. */
export interface SqlClient {
  query<Row extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: Row[] }>;
}
