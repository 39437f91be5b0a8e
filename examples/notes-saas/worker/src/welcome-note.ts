import type { StepRequest } from '@tenantry/step-worker';
import { Pool, PoolClient } from 'pg';

export interface WelcomeNoteSettings {
  /** Tenantry's TENANTS_DATABASE_URL (or DATABASE_URL): SHARED schemas and ISOLATED databases live on this server. */
  tenantsDatabaseUrl: string;
  /** Server of the EXTERNAL tenants' databases; the request never carries their connection strings. Default: the tenants server. */
  externalServerUrl?: string;
  /** Test hook: after writing the note, never answer (a test kills the worker here). */
  hangAfterWrite?: boolean;
  log?(message: string, fields: Record<string, unknown>): void;
}

/** Where the tenant's tables are: Tenantry puts them in schema `tenant_<slug>` in every mode. */
function locate(request: StepRequest, settings: WelcomeNoteSettings): { url: string; schema: string } {
  const { database, id } = request.tenant;
  const schema = database.mode === 'SHARED' ? database.name : `tenant_${id.replace(/-/g, '_')}`;
  if (database.mode === 'SHARED') return { url: settings.tenantsDatabaseUrl, schema };
  const server = new URL(
    database.mode === 'EXTERNAL'
      ? (settings.externalServerUrl ?? settings.tenantsDatabaseUrl)
      : settings.tenantsDatabaseUrl,
  );
  server.pathname = `/${encodeURIComponent(database.name)}`;
  return { url: server.toString(), schema };
}

/** The note's title marks it: one welcome note per tenant (001-create-notes.sql makes `notes(title, body)`). */
export const WELCOME_TITLE = 'Welcome';
const welcomeOf = (request: StepRequest): string => `Welcome to ${request.tenant.name}! This is your first note.`;
const quoted = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** One small pool per database the worker writes to (the tenants database, each ISOLATED one). */
const pools = new Map<string, Pool>();
const poolOf = (url: string): Pool => {
  let pool = pools.get(url);
  if (!pool) {
    pool = new Pool({ connectionString: url, max: 4, idleTimeoutMillis: 10_000 });
    pool.on('error', () => undefined); // an idle connection lost: the next request opens another
    pools.set(url, pool);
  }
  return pool;
};

/** Closes the worker's connections (after the step worker stopped). */
export async function closeConnections(): Promise<void> {
  await Promise.all([...pools.values()].map((pool) => pool.end()));
  pools.clear();
}

async function withTenant<T>(
  request: StepRequest,
  settings: WelcomeNoteSettings,
  work: (client: PoolClient, schema: string) => Promise<T>,
): Promise<T> {
  const { url, schema } = locate(request, settings);
  const client = await poolOf(url).connect();
  try {
    return await work(client, schema);
  } finally {
    client.release();
  }
}

/**
 * Writes the welcome note once per tenant creation, however often it is asked: under a
 * lock on the idempotency key, only when the note is not there yet. One round trip: the
 * transaction, the lock and the insert go as one script (each statement still reads
 * after the one before it, so the insert sees a note another request committed while it
 * waited for the lock).
 */
export async function seedWelcomeNote(request: StepRequest, settings: WelcomeNoteSettings): Promise<void> {
  await withTenant(request, settings, async (client, schema) => {
    const notes = `${quoted(schema)}.notes`;
    const title = client.escapeLiteral(WELCOME_TITLE);
    try {
      const results: unknown = await client.query(
        [
          'begin',
          `select pg_advisory_xact_lock(hashtext(${client.escapeLiteral(request.idempotencyKey)}))`,
          `insert into ${notes} (title, body) select ${title}, ${client.escapeLiteral(welcomeOf(request))}
           where not exists (select 1 from ${notes} where title = ${title})`,
          'commit',
        ].join(';\n'),
      );
      const written = (results as { rowCount: number | null }[])[2]?.rowCount;
      settings.log?.(written ? 'welcome note written' : 'welcome note was already there', {
        tenantId: request.tenantId,
        idempotencyKey: request.idempotencyKey,
      });
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
  });
  if (settings.hangAfterWrite) {
    settings.log?.('hanging after the write (SEED_WELCOME_NOTE_HANG_AFTER_WRITE)', { tenantId: request.tenantId });
    await new Promise(() => undefined);
  }
}

/** Removes the note (the tenant is cancelled or deleted); nothing to do when its schema or table is gone. */
export async function removeWelcomeNote(request: StepRequest, settings: WelcomeNoteSettings): Promise<void> {
  await withTenant(request, settings, async (client, schema) => {
    try {
      await client.query(`delete from ${quoted(schema)}.notes where title = $1::text`, [WELCOME_TITLE]);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== '3F000' && code !== '42P01') throw error;
    }
  }).catch((error: { code?: string }) => {
    // The database itself is gone: nothing left to undo.
    if (error.code !== '3D000') throw error;
  });
}
