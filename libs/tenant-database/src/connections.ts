import { Pool, PoolClient } from 'pg';

/** One small pool per tenant database, shared by everything in the process. */
export class TenantConnections {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly options: {
      max?: number;
      connectionTimeoutMillis?: number;
      /**
       * The sessions' `application_name`. A process whose tenant databases may be the event
       * store's own (SHARED tenants' schemas) names them with the event store's
       * `nonAppendingSessionName`: their transactions (a tenant's migrations) then do not hold
       * back the relay's reads of the events committed meanwhile.
       */
      applicationName?: string;
    } = {},
  ) {}

  pool(connectionString: string): Pool {
    let pool = this.pools.get(connectionString);
    if (!pool) {
      pool = new Pool({
        connectionString,
        application_name: this.options.applicationName,
        max: this.options.max ?? 4,
        idleTimeoutMillis: 10_000,
        connectionTimeoutMillis: this.options.connectionTimeoutMillis ?? 5_000,
      });
      // An idle client's error must not crash the process; the next query reports it.
      pool.on('error', () => undefined);
      this.pools.set(connectionString, pool);
    }
    return pool;
  }

  async withClient<T>(connectionString: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool(connectionString).connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  /** Closes and forgets the pool, e.g. before dropping its database. */
  async forget(connectionString: string): Promise<void> {
    const pool = this.pools.get(connectionString);
    this.pools.delete(connectionString);
    await pool?.end();
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.end()));
  }
}

export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
