/**
 * Read your writes. Once tenant-command has answered `Accepted`, the event is stored; the
 * projector shows it in the read model a few milliseconds later. A read that starts in
 * between, on any gateway replica, would show an older state. So a read first asks the
 * event store what the read model has yet to show (one indexed lookup) and, only when
 * something is missing, waits for the projector (bounded). Accepts never wait.
 */
import { START, type EventStore } from '@tenantry/event-store';
import { streamNameOf, tenantIdOfStream } from '@tenantry/tenant-domain';
import { CHECKPOINTS, TENANTS } from '../tables';
import type { SqlClient } from '@tenantry/postgres';

export interface ReadYourWrites {
  /**
   * Resolves once the read model shows every event of the tenant stored before the call:
   * true when `shownVersion` (what a read just saw; undefined: no row) was behind.
   */
  tenant(tenantId: string, shownVersion: number | undefined): Promise<boolean>;
  /** Resolves once the read model shows every tenant event stored before the call. */
  everyTenant(): Promise<void>;
}

/** For a read side that is never behind (an in-memory one). */
export const ALWAYS_FRESH: ReadYourWrites = {
  tenant: () => Promise.resolve(false),
  everyTenant: () => Promise.resolve(),
};

/** The projector did not catch up within the bound: the read would show an older state. */
export class ReadModelBehind extends Error {
  constructor(readonly waitedMs: number) {
    super(`The latest accepted change is not readable yet (the projector is ${waitedMs} ms behind); retry in a moment`);
    this.name = 'ReadModelBehind';
  }
}

export interface ReadYourWritesOptions {
  store: Pick<EventStore, 'readStream' | 'readAll'>;
  /** The read model's database. */
  sql: SqlClient;
  checkpointName: string;
  /** How long a read waits for the projector before it fails with ReadModelBehind. */
  timeoutMs: number;
}

/** Events read per page when listing what the projector has yet to apply. */
const PAGE = 1_000;
/** Past this many unapplied events a list read stops collecting (a projector this far behind is caught by the bound). */
const MAX_PAGES = 10;

export function readYourWrites(options: ReadYourWritesOptions): ReadYourWrites {
  const awaitVersions = (wanted: Map<string, number>) => waitForVersions(options, wanted);
  return {
    async tenant(tenantId, shownVersion) {
      const unseen = await options.store.readStream(streamNameOf(tenantId), {
        fromRevision: BigInt((shownVersion ?? -1) + 1),
      });
      const head = unseen.at(-1);
      if (!head) return false;
      await awaitVersions(new Map([[tenantId, Number(head.revision)]]));
      return true;
    },
    async everyTenant() {
      const wanted = await unappliedHeads(options);
      if (wanted.size > 0) await awaitVersions(wanted);
    },
  };
}

/** The newest revision of each tenant stream with events after the projector's position. */
async function unappliedHeads(options: ReadYourWritesOptions): Promise<Map<string, number>> {
  const heads = new Map<string, number>();
  let after = (await checkpointPosition(options.sql, options.checkpointName)) ?? START;
  for (let page = 0; page < MAX_PAGES; page++) {
    const events = await options.store.readAll({ after, limit: PAGE, everythingCommitted: true });
    for (const event of events) {
      const tenantId = tenantIdOfStream(event.stream);
      if (tenantId) heads.set(tenantId, Math.max(heads.get(tenantId) ?? -1, Number(event.revision)));
    }
    if (events.length < PAGE) break;
    after = events.at(-1)!.position;
  }
  return heads;
}

async function checkpointPosition(sql: SqlClient, name: string): Promise<string | null> {
  const { rows } = await sql.query<{ position: string | null }>(
    `select "position" from ${CHECKPOINTS.sqlName} where "name" = $1`,
    [name],
  );
  return rows[0]?.position ?? null;
}

/** Polls the tenants' versions (one indexed read each time) until each reaches its wanted revision. */
async function waitForVersions(options: ReadYourWritesOptions, wanted: Map<string, number>): Promise<void> {
  const started = Date.now();
  const ids = [...wanted.keys()];
  for (let pause = 1; ; pause = Math.min(pause * 2, 20)) {
    const { rows } = await options.sql.query<{ id: string; version: number }>(
      `select "id", "version" from ${TENANTS.sqlName} where "id" = any($1::text[])`,
      [ids],
    );
    const shown = new Map(rows.map((row) => [row.id, Number(row.version)]));
    if (ids.every((id) => (shown.get(id) ?? -1) >= wanted.get(id)!)) return;
    const waited = Date.now() - started;
    if (waited >= options.timeoutMs) throw new ReadModelBehind(waited);
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, options.timeoutMs - waited)));
  }
}
