import { readFileSync } from 'node:fs';
import { connect } from 'nats';
import { BenchContext, MeasureResult, p5099, verdict } from '../context';
import { now, round, summarize } from '../stats';
import { ADMIN_PASSWORD } from '../tenantry';
import { SocketFleet } from '../socket-fleet/socket-fleet';
import { Arrival, NotificationSocket } from '../ws-client';

const CREATE_ADMIN = 'mutation($input: CreateAdministratorInput!) { createAdministrator(input: $input) { id } }';

const rssOf = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
};

/** The open-files limit of a process (this one by default), NaN where /proc can't tell. */
export const openFilesLimit = (pid: number | 'self' = 'self'): number => {
  try {
    const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    return Number(line?.split(/\s+/)[3]);
  } catch {
    return NaN;
  }
};

/** The gateway's own files beside the sockets: its listener, PostgreSQL pools, NATS, logs. */
const GATEWAY_FILES_RESERVE = 500;
/** Sockets per principal the gateway accepts by default (WS_MAX_CONNECTIONS_PER_USER is 100): the bench stays under it. */
const CONNECTIONS_PER_ADMINISTRATOR = 90;
/** Sockets one client process holds at most, below its own open-files limit. */
const CONNECTIONS_PER_CLIENT_PROCESS = 15_000;

/**
 * 6. Subscribers: `connections` authenticated graphql-ws connections with a live
 * `notifications` subscription on one gateway process (one measured user with `tabs`
 * tabs in the bench process, the rest spread over other administrators, at most 90
 * each, held by client processes from several loopback source addresses), the
 * gateway's memory per connection, then rounds of: the measured user updates a
 * tenant, and each of the tabs gets TENANT_UPDATED. Delivery is timed from the first
 * sign of the commit outside the projector to each tab: the projector's NATS
 * announcement (seen by the bench on the same subject) or, when the gateway's own
 * projector handed it to its feeds first, the first tab to get it; end to end from
 * Accepted. A gateway whose open-files limit is below the target is
 * measured at what it can hold, and the row says so.
 */
export async function measureSubscribers(ctx: BenchContext): Promise<MeasureResult> {
  const { tenantry, sizes, progress } = ctx;
  const pid = tenantry.gatewayPid!;
  const gatewayFiles = openFilesLimit(pid);
  const target = sizes.subscriberConnections;
  const reachable = Number.isFinite(gatewayFiles) ? Math.min(target, gatewayFiles - GATEWAY_FILES_RESERVE) : target;
  const background = Math.max(0, reachable - sizes.tabs);
  const others = Math.max(1, Math.ceil(background / CONNECTIONS_PER_ADMINISTRATOR));
  const tokens = await createAdministrators(ctx, others + 1);
  const [measured, ...rest] = tokens as [(typeof tokens)[0], ...typeof tokens];

  const tabArrivals: Arrival[][] = Array.from({ length: sizes.tabs }, () => []);
  const tabs: NotificationSocket[] = [];
  let fleet: SocketFleet | undefined;
  const baseline = rssOf(pid);
  try {
    for (let t = 0; t < sizes.tabs; t++) {
      const socket = new NotificationSocket(tenantry.url, measured.token, (a) => tabArrivals[t]!.push(a));
      await socket.open();
      tabs.push(socket);
    }
    const ownFiles = openFilesLimit();
    fleet = await SocketFleet.open({
      url: tenantry.url,
      tokens: rest.map((r) => r.token),
      count: background,
      perProcess: Math.min(CONNECTIONS_PER_CLIENT_PROCESS, Number.isFinite(ownFiles) ? ownFiles - 200 : Infinity),
      onProgress: (opened) => progress.update('6 subscribers: connections open', tabs.length + opened, reachable),
    });
    const failure = fleet.failure;
    const reached = tabs.length + fleet.opened;
    await new Promise((resolve) => setTimeout(resolve, ctx.smoke ? 200 : 2000));
    const loaded = rssOf(pid);
    const perConnection = (loaded - baseline) / reached;

    // Rounds: the measured user's update, to all of its tabs, while every other connection stays open.
    const nats = await connect({ servers: tenantry.system.natsUrl, name: 'bench-subscribers' });
    const announced = new Map<string, number>();
    // Notifications go to the principal key (tenant/user) of the measured root administrator.
    const subject = `${tenantry.system.prefix}.tenantry.notifications.root/${measured.userId}`;
    const subscription = nats.subscribe(subject, {
      callback: (_error, message) => {
        const at = now();
        try {
          const n = JSON.parse(new TextDecoder().decode(message.data)) as { type: string; operationId: string };
          if (n.type === 'TENANT_UPDATED') announced.set(n.operationId, at);
        } catch {
          /* not ours */
        }
      },
    });
    await nats.flush();
    const delivery: number[] = [];
    const endToEnd: number[] = [];
    const pool = ctx.activeTenants.slice(0, 100);
    try {
      for (let r = 0; r < sizes.deliveryRounds; r++) {
        const id = pool[r % pool.length]!;
        const accepted = await tenantry.updateTenant(id, `Tabs ${r}`, measured.token);
        const acceptedAt = now();
        const arrivals = await Promise.all(
          tabArrivals.map((list) => waitForArrival(list, accepted.operationId, 30_000)),
        );
        const firstSign = Math.min(announced.get(accepted.operationId) ?? Infinity, ...arrivals.map((a) => a.at));
        for (const arrival of arrivals) {
          endToEnd.push(Math.max(0, arrival.at - acceptedAt));
          delivery.push(arrival.at - firstSign);
        }
        progress.update('6 subscribers: rounds delivered to every tab', r + 1, sizes.deliveryRounds);
      }
    } finally {
      subscription.unsubscribe();
      await nats.close();
    }
    const { strayArrivals } = await fleet.close();
    fleet = undefined;
    const s = { delivery: summarize(delivery), endToEnd: summarize(endToEnd) };
    const limited = reachable < target;
    const limitNote = limited
      ? `Subscribers: the gateway's open-files limit is ${gatewayFiles} (ulimit -Hn here), so it can hold ${reachable} of the ${target} connections; run the bench where \`ulimit -Hn\` ≥ ${target + GATEWAY_FILES_RESERVE} (it raises the soft limit itself).`
      : undefined;
    return {
      rows: [
        {
          measure: '6 subscribers',
          metric: `${reached} graphql-ws connections on one gateway: memory per connection`,
          tenantry: `${round(perConnection / 1024, 1)} KiB/connection (RSS ${round(baseline / 2 ** 20, 0)} → ${round(loaded / 2 ** 20, 0)} MiB)`,
          peers: '–',
          ratio: '–',
          target: `${target} connections`,
          verdict: verdict(reached >= target),
        },
        {
          measure: '6 subscribers',
          metric: `one user's notification to its ${sizes.tabs} tabs among ${reached} connections, announcement or first tab → tab p50 / p99 (Accepted → tab)`,
          tenantry: `${p5099(s.delivery)} (${p5099(s.endToEnd)})`,
          peers: '–',
          ratio: '–',
          target: 'p99 ≤ 10 ms',
          verdict: verdict(s.delivery.p99 <= 10 && reached >= target),
        },
      ],
      details: {
        connectionsTarget: target,
        connectionsReachable: reachable,
        connectionsReached: reached,
        failure,
        openFilesLimit: ownFiles,
        gatewayOpenFilesLimit: gatewayFiles,
        users: tokens.length,
        rssBaselineBytes: baseline,
        rssLoadedBytes: loaded,
        bytesPerConnection: round(perConnection, 0),
        rounds: sizes.deliveryRounds,
        tabs: sizes.tabs,
        deliveryFromAnnouncement: s.delivery,
        acceptedToTab: s.endToEnd,
        strayArrivals,
      },
      notes: [
        ...(limitNote ? [limitNote] : []),
        ...(failure ? [`Subscribers: ${reached} connections held; ${failure}.`] : []),
      ],
    };
  } finally {
    for (const socket of tabs) socket.close();
    await fleet?.close();
    // Let the gateway finish closing the feeds before the next measure times anything.
    await new Promise((resolve) => setTimeout(resolve, ctx.smoke ? 100 : 5000));
  }
}

/** `count` root administrators, logged in (8 at a time: each is an argon2id hash and a verify). */
async function createAdministrators(ctx: BenchContext, count: number): Promise<{ token: string; userId: string }[]> {
  const { tenantry, progress } = ctx;
  const tokens = new Array<{ token: string; userId: string }>(count);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const email = `bench-${i}@tenantry.local`;
      const created = await tenantry.query(CREATE_ADMIN, { input: { email, password: ADMIN_PASSWORD } });
      if (created.errors) throw new Error(`createAdministrator: ${JSON.stringify(created.errors)}`);
      const session = await tenantry.login('root', email, ADMIN_PASSWORD);
      if (!session) throw new Error(`login of ${email} failed`);
      tokens[i] = session;
      progress.update('6 subscribers: administrators', ++done, count);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, count) }, worker));
  return tokens;
}

function waitForArrival(list: Arrival[], operationId: string, timeoutMs: number): Promise<Arrival> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const look = () => {
      const found = list.find((a) => a.operationId === operationId && a.type === 'TENANT_UPDATED');
      if (found) return resolve(found);
      if (Date.now() > deadline)
        return reject(new Error(`a tab got no TENANT_UPDATED for ${operationId} within ${timeoutMs} ms`));
      setTimeout(look, 1);
    };
    look();
  });
}
