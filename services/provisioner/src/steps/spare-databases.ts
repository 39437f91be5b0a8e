import { randomBytes } from 'node:crypto';
import { TenantConnections, quoteIdentifier, withDatabase } from '@tenantry/tenant-database';
import { Client, type ClientBase } from 'pg';

export interface SpareDatabasesSettings {
  /** TENANT_SPARE_DATABASES: empty databases kept ready; 0 turns spares off. */
  count: number;
  /** TENANT_DATABASE_PREFIX: spares are `<prefix>__spare_<hex>`, a name no tenant's `<prefix>_<slug>` can take. */
  prefix: string;
  /**
   * Told when a spare could not be made (e.g. the role lacks CREATEDB) or taken; the top-up
   * is tried again after `retryMs`, and at the next claim.
   */
  onError?: (error: unknown) => void;
  /** How long after a failed top-up it is tried again (5 s by default). */
  retryMs?: number;
}

const DEFAULT_RETRY_MS = 5_000;
/** SQLSTATE of a database that does not exist (any more): a spare claimed before it was warmed. */
const NO_SUCH_DATABASE = '3D000';

/** SQLSTATEs of a rename that lost a race: the spare was taken by another claim, or someone is connected to it. */
const LOST_RACE = new Set(['3D000', '55006']);

/**
 * Empty databases made ahead of need, so an ISOLATED tenant's CREATING_DATABASE is a
 * rename (a catalog update) instead of a copy of the template (~50 ms of writing and
 * syncing). A claim renames one spare to the tenant's name: atomic, so a crash leaves
 * either the spare or the tenant's database, and a redelivered job finds the latter
 * and goes on. Two claims of one spare: the second rename fails and that claim takes
 * another spare or creates the database as before. Spares are made again in the
 * background, one at a time, never on a job's time.
 */
export class SpareDatabases {
  private toppingUp: Promise<void> | undefined;
  private askedAgain = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly connections: TenantConnections,
    /** Where the spares live: the tenants database's server (TENANTS_DATABASE_URL). */
    private readonly serverUrl: string,
    private readonly settings: SpareDatabasesSettings,
  ) {}

  /**
   * Renames a spare to `name` over `client` (connected to the spares' server): true if
   * one was taken (or `name` exists meanwhile), false if none could be (create it then).
   */
  async claim(client: ClientBase, name: string): Promise<boolean> {
    if (this.settings.count === 0) return false;
    try {
      const spares = await client.query<{ datname: string }>(
        'select datname from pg_database where datname like $1 order by datname',
        [`${this.pattern}%`],
      );
      for (const { datname } of spares.rows) {
        try {
          await client.query(`alter database ${quoteIdentifier(datname)} rename to ${quoteIdentifier(name)}`);
          return true;
        } catch (error) {
          const code = (error as { code?: string }).code ?? '';
          if (code === '42P04') return true; // another worker made the tenant's database: the goal
          // Anything else (e.g. a spare another role owns) is told; the database is then created as before.
          if (!LOST_RACE.has(code)) this.settings.onError?.(error);
        }
      }
      return false;
    } finally {
      this.topUp();
    }
  }

  /**
   * Makes spares until `count` exist, in the background; one top-up at a time, another after
   * it if asked meanwhile, and one `retryMs` after a failed one (a spare is never made on a
   * job's time, so without it a failure would wait for the next ISOLATED tenant).
   */
  topUp(): void {
    if (this.settings.count === 0 || this.closed) return;
    clearTimeout(this.retry);
    this.retry = undefined;
    if (this.toppingUp) {
      this.askedAgain = true;
      return;
    }
    this.askedAgain = false;
    this.toppingUp = this.fill()
      .then(
        () => true,
        (error: unknown) => (this.settings.onError?.(error), false),
      )
      .then((filled) => {
        this.toppingUp = undefined;
        if (filled && this.askedAgain) this.topUp();
        else if (!filled && !this.closed) {
          this.retry = setTimeout(() => this.topUp(), this.settings.retryMs ?? DEFAULT_RETRY_MS);
          this.retry.unref();
        }
      });
  }

  /** Waits for a top-up under way; none starts after. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    while (this.toppingUp) await this.toppingUp;
  }

  /** Counted again before each spare: claims may take spares while it runs, even one just made. */
  private async fill(): Promise<void> {
    await this.connections.withClient(this.serverUrl, async (client) => {
      while (!this.closed && (await this.spareCount(client)) < this.settings.count) {
        const name = `${this.spareStem}${randomBytes(6).toString('hex')}`;
        await client.query(`create database ${quoteIdentifier(name)}`);
        // A claim may rename it before it is warmed: it was needed, and the next round counts again.
        await warm(withDatabase(this.serverUrl, name)).catch((error: unknown) => {
          if ((error as { code?: string }).code !== NO_SUCH_DATABASE) throw error;
        });
      }
    });
  }

  private async spareCount(client: ClientBase): Promise<number> {
    const found = await client.query<{ n: number }>(
      'select count(*)::int as n from pg_database where datname like $1',
      [`${this.pattern}%`],
    );
    return found.rows[0]!.n;
  }

  private get spareStem(): string {
    return `${this.settings.prefix}__spare_`;
  }

  /** `spareStem` as a LIKE pattern: its underscores are literal. */
  private get pattern(): string {
    return this.spareStem.replace(/_/g, '\\_');
  }
}

/**
 * Connects once, so the database's first backend builds its catalog cache file then, not
 * when the tenant's migrations open the first connection. A claim meanwhile finds the
 * spare in use and takes another.
 */
async function warm(connectionString: string): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  await client.end();
}
