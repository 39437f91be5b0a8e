import type { NatsConnection } from 'nats';
import { decodeTenantView, type TenantView } from '@tenantry/read-model';
import { DEFAULT_SWEEP_MS } from './lost-announcement-sweep';
import { periodically, type PeriodicTask } from './periodic-task';

/** The current views of the tenants of `ids` that exist, in one query. */
export type LoadTenantViews = (ids: readonly string[]) => Promise<Map<string, TenantView>>;

export interface TenantViewFeedsOptions {
  nats: NatsConnection;
  /** The NATS subject the projector announces a tenant's views on. */
  subjectOf(tenantId: string): string;
  loadViews: LoadTenantViews;
  /** How often the sweep reads the followed tenants' views (DEFAULT_SWEEP_MS). */
  sweepMs?: number;
}

/** A feed of one tenant's views, once it knows where it starts: the version it stands at, and its queue. */
interface Follower {
  tenantId: string;
  version: number;
  offer(view: TenantView): void;
}

/**
 * Where a feed starts: at the version current when it subscribed, so that only later
 * changes are given. `first`: the first version announced since subscribing (it may be
 * committed before `current` was read: then the feed starts just before it).
 */
export function startingVersion(first: number | undefined, current: TenantView | undefined): number {
  const version = current?.version ?? -1;
  return first !== undefined && first <= version ? first - 1 : version;
}

/**
 * Each tenant's views as the projector announces them after every change, one NATS
 * subscription per feed. An announcement lost for good (a NATS node restarting, a
 * route being rebuilt) would leave a page, or a tenant's sockets that must close when
 * it is deactivated, on an old view: so every `sweepMs` one query reads the views of
 * all the tenants followed here, and a feed behind the table gets the current view.
 */
export class TenantViewFeeds {
  private readonly followers = new Set<Follower>();
  /** Each followed tenant's feeds, as they take a view announced or handed over (`committedHere`). */
  private readonly receivers = new Map<string, Set<(view: TenantView) => void>>();
  private readonly sweep: PeriodicTask;

  constructor(private readonly options: TenantViewFeedsOptions) {
    this.sweep = periodically(options.sweepMs ?? DEFAULT_SWEEP_MS, () => this.sweepOnce());
  }

  /** Views of the tenant committed from now on, each once, by growing version. */
  follow(tenantId: string): { views: AsyncGenerator<TenantView, void, undefined>; stop: () => void } {
    const queue: TenantView[] = [];
    let waiter: ((view: TenantView | null) => void) | undefined;
    let stopped = false;
    let first: number | undefined;
    const offer = (view: TenantView) => {
      if (stopped) return;
      if (waiter) {
        const resolve = waiter;
        waiter = undefined;
        resolve(view);
      } else queue.push(view);
    };
    const next = (): Promise<TenantView | null> =>
      queue.length > 0
        ? Promise.resolve(queue.shift()!)
        : stopped
          ? Promise.resolve(null)
          : new Promise((resolve) => (waiter = resolve));
    const receive = (view: TenantView) => {
      first ??= view.version;
      offer(view);
    };
    const receivers = this.receivers.get(tenantId) ?? new Set();
    this.receivers.set(tenantId, receivers.add(receive));
    const subscription = this.options.nats.subscribe(this.options.subjectOf(tenantId), {
      callback: (error, message) => {
        const view = error ? undefined : decodeOrUndefined(() => decodeTenantView(message.data));
        if (view) receive(view);
      },
    });
    const stop = () => {
      stopped = true;
      receivers.delete(receive);
      if (receivers.size === 0 && this.receivers.get(tenantId) === receivers) this.receivers.delete(tenantId);
      subscription.unsubscribe();
      queue.length = 0;
      waiter?.(null);
      waiter = undefined;
    };
    const followers = this.followers;
    const options = this.options;
    let follower: Follower | undefined;
    async function* views(): AsyncGenerator<TenantView, void, undefined> {
      try {
        await options.nats.flush();
        // Unreadable now (the database is away): start before any view; the first sweep that
        // can read then gives the current one, perhaps once more than needed, never too few.
        const current = (await options.loadViews([tenantId]).catch(() => undefined))?.get(tenantId);
        follower = { tenantId, version: startingVersion(first, current), offer };
        followers.add(follower);
        for (let view = await next(); view !== null; view = await next()) {
          if (view.version <= follower.version) continue;
          follower.version = view.version;
          yield view;
        }
      } finally {
        if (follower) followers.delete(follower);
        stop();
      }
    }
    return { views: views(), stop };
  }

  /**
   * Views this process's projector has just committed (in order, as it announces them): the
   * feeds here take them at once; the copies NATS brings back are at a version they passed.
   */
  committedHere(views: readonly TenantView[]): void {
    for (const view of views) for (const receive of this.receivers.get(view.id) ?? []) receive(view);
  }

  async close(): Promise<void> {
    await this.sweep.stop();
  }

  /** Gives every feed behind the table its tenant's current view. */
  private async sweepOnce(): Promise<void> {
    const followers = [...this.followers];
    if (followers.length === 0) return;
    const views = await this.options.loadViews([...new Set(followers.map((f) => f.tenantId))]);
    for (const follower of followers) {
      const view = views.get(follower.tenantId);
      if (view && view.version > follower.version) follower.offer(view);
    }
  }
}

function decodeOrUndefined<T>(decode: () => T): T | undefined {
  try {
    return decode();
  } catch {
    return undefined;
  }
}
