import { readFileSync } from 'node:fs';
import { connect } from 'nats';
import { BenchContext, MeasureResult, p5099, verdict } from '../context';
import { now, round, summarize } from '../stats';
import { ADMIN_PASSWORD } from '../tenantry';
import { Arrival, NotificationSocket } from '../ws-client';

const CREATE_ADMIN = 'mutation($input: CreateAdministratorInput!) { createAdministrator(input: $input) { id } }';

const rssOf = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
};

export const openFilesLimit = (): number => {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    return Number(line?.split(/\s+/)[3]);
  } catch {
    return NaN;
  }
};

/**
 * 6. Subscribers: `connections` authenticated graphql-ws connections with a live
 * `notifications` subscription on one gateway process (one measured user with `tabs`
 * tabs, the rest spread over other administrators), the gateway's memory per
 * connection, then rounds of: the measured user updates a tenant, and each of the
 * tabs gets TENANT_UPDATED. Delivery is timed from the projector's NATS announcement
 * (seen by the bench on the same subject) to each tab; end to end from Accepted.
 */
export async function measureSubscribers(ctx: BenchContext): Promise<MeasureResult> {
  const { tenantry, sizes, progress } = ctx;
  const pid = tenantry.gatewayPid!;
  const others = Math.min(20, Math.max(1, Math.ceil(sizes.subscriberConnections / 500)));
  const tokens: { token: string; userId: string }[] = [];
  for (let i = 0; i <= others; i++) {
    const email = `bench-${i}@tenantry.local`;
    const created = await tenantry.query(CREATE_ADMIN, { input: { email, password: ADMIN_PASSWORD } });
    if (created.errors) throw new Error(`createAdministrator: ${JSON.stringify(created.errors)}`);
    const session = await tenantry.login('root', email, ADMIN_PASSWORD);
    if (!session) throw new Error(`login of ${email} failed`);
    tokens.push(session);
    progress.update('6 subscribers: administrators', i + 1, others + 1);
  }
  const [measured, ...rest] = tokens as [(typeof tokens)[0], ...typeof tokens];

  const tabArrivals: Arrival[][] = Array.from({ length: sizes.tabs }, () => []);
  const sockets: NotificationSocket[] = [];
  let strayArrivals = 0;
  const baseline = rssOf(pid);
  let failure: string | undefined;
  try {
    for (let t = 0; t < sizes.tabs; t++) {
      const socket = new NotificationSocket(tenantry.url, measured.token, (a) => tabArrivals[t]!.push(a));
      await socket.open();
      sockets.push(socket);
    }
    const target = sizes.subscriberConnections;
    const batch = 200;
    while (sockets.length < target && !failure) {
      const wave = Array.from({ length: Math.min(batch, target - sockets.length) }, (_, i) => {
        const user = rest[(sockets.length + i) % rest.length]!;
        return new NotificationSocket(tenantry.url, user.token, () => (strayArrivals += 1));
      });
      const opened = await Promise.allSettled(wave.map((s) => s.open(60_000)));
      opened.forEach((result, i) => {
        if (result.status === 'fulfilled') sockets.push(wave[i]!);
        else {
          const reason: unknown = result.reason;
          failure ??= reason instanceof Error ? reason.message : String(reason);
          wave[i]!.close();
        }
      });
      progress.update('6 subscribers: connections open', sockets.length, target);
    }
    await new Promise((resolve) => setTimeout(resolve, ctx.smoke ? 200 : 2000));
    const loaded = rssOf(pid);
    const perConnection = (loaded - baseline) / sockets.length;

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
        const announcedAt = announced.get(accepted.operationId);
        for (const arrival of arrivals) {
          endToEnd.push(Math.max(0, arrival.at - acceptedAt));
          if (announcedAt !== undefined) delivery.push(Math.max(0, arrival.at - announcedAt));
        }
        progress.update('6 subscribers: rounds delivered to every tab', r + 1, sizes.deliveryRounds);
      }
    } finally {
      subscription.unsubscribe();
      await nats.close();
    }
    const s = { delivery: summarize(delivery), endToEnd: summarize(endToEnd) };
    const reached = sockets.length;
    return {
      rows: [
        {
          measure: '6 subscribers',
          metric: `${reached} graphql-ws connections on one gateway: memory per connection`,
          tenantry: `${round(perConnection / 1024, 1)} KiB/connection (RSS ${round(baseline / 2 ** 20, 0)} → ${round(loaded / 2 ** 20, 0)} MiB)`,
          peers: '–',
          ratio: '–',
          target: `${sizes.subscriberConnections} connections`,
          verdict: verdict(reached >= sizes.subscriberConnections),
        },
        {
          measure: '6 subscribers',
          metric: `one user's notification to its ${sizes.tabs} tabs, announcement → tab p50 / p99 (Accepted → tab)`,
          tenantry: `${p5099(s.delivery)} (${p5099(s.endToEnd)})`,
          peers: '–',
          ratio: '–',
          target: 'p99 ≤ 20 ms',
          verdict: verdict(s.delivery.p99 <= 20 && reached >= sizes.subscriberConnections),
        },
      ],
      details: {
        connectionsTarget: sizes.subscriberConnections,
        connectionsReached: reached,
        failure,
        openFilesLimit: openFilesLimit(),
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
      notes: failure
        ? [`Subscribers: stopped at ${reached} connections: ${failure} (open files limit ${openFilesLimit()}).`]
        : [],
    };
  } finally {
    for (const socket of sockets) socket.close();
    // Let the gateway finish closing the feeds before the next measure times anything.
    await new Promise((resolve) => setTimeout(resolve, ctx.smoke ? 100 : 5000));
  }
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
