import { randomUUID } from 'node:crypto';
import { withClient } from '@tenantry/testing';
import { GatewayWorld, STRONG_PASSWORD } from '../gateway-world';
import { LoadBalancer } from '../load-balancer';
import { ResumingFeed } from '../resuming-feed';

/**
 * A rolling restart loses nothing and shows no error. Two replicas of every service run
 * behind a load balancer (the clients' round robin over the gateways that are up, which
 * sends a request again, with its idempotency key, when a connection fails). While eight
 * administrators each create tenants and update them in a loop, every replica is
 * restarted in turn (SIGTERM, then a new one, ready before the next goes). Each request
 * must be accepted, and each administrator's socket, reconnecting with its cursor when
 * its gateway goes, must see each of its notifications exactly once.
 */
const LOAD_SECONDS = Number(process.env.ROLLING_RESTART_LOAD_SECONDS ?? 120);
const CLIENTS = 8;
/** `ROLLING_RESTART_VERBOSE=1`: each restart and each client's progress on stderr. */
const say = (line: string) =>
  process.env.ROLLING_RESTART_VERBOSE === '1' &&
  process.stderr.write(`[rolling] ${new Date().toISOString()} ${line}\n`);
jest.setTimeout((LOAD_SECONDS + 240) * 1000);

const ACCEPTED = 'tenantId operationId status';
const CREATE = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { ${ACCEPTED} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { ${ACCEPTED} } }`;
const OUTCOMES = { create: 'TENANT_CREATED', update: 'TENANT_UPDATED' } as const;

interface Accepted {
  kind: keyof typeof OUTCOMES;
  tenantId: string;
  operationId: string;
}

describe('a rolling restart of every service under load', () => {
  let world: GatewayWorld;
  let balancer: LoadBalancer;
  let feeds: ResumingFeed[] = [];

  beforeAll(async () => {
    world = await GatewayWorld.start('rolling_restart');
    await world.system.start('tenant-command', { instance: 'tenant-command-2' });
    await world.system.start('provisioner', { instance: 'provisioner-2' });
    balancer = new LoadBalancer([{ instance: 'gateway-1', url: world.url }]);
    balancer.add({ instance: 'gateway-2', url: await startGateway('gateway-2') });
  });
  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.close()));
    await world?.dispose();
  });

  async function startGateway(instance: string): Promise<string> {
    const gateway = await world.system.start('gateway', { instance });
    const [, url] = await gateway.waitForLog(/Gateway ready at (\S+)/, { within: '30s' });
    return url!;
  }

  /** Restarts each replica in turn: one whole round, then more until `until` says stop. */
  async function restartInTurn(until: () => boolean): Promise<string[]> {
    const restarted: string[] = [];
    const replicas = ['tenant-command', 'tenant-command-2', 'provisioner', 'provisioner-2', 'gateway-1', 'gateway-2'];
    for (let round = 1; !until(); round++) {
      for (const [index, instance] of replicas.entries()) {
        if (round > 1 && until()) break;
        const fresh = `${instance.replace(/-r\d+$/, '')}-r${round}`;
        const service = world.system.services.get(instance)!;
        if (instance.startsWith('gateway')) {
          balancer.remove(instance);
          await service.stop({ grace: '20s' });
          balancer.add({ instance: fresh, url: await startGateway(fresh) });
        } else {
          await service.stop({ grace: '20s' });
          await world.system.start(instance.startsWith('provisioner') ? 'provisioner' : 'tenant-command', {
            instance: fresh,
          });
        }
        replicas[index] = fresh;
        say(`restarted ${instance} as ${fresh}`);
        restarted.push(instance);
      }
    }
    return restarted;
  }

  /** An operation whose outcome never reached its socket: its events, and the notifications the projector wrote for it. */
  const whereItStopped = (operationId: string): Promise<string> =>
    withClient(world.system.database.url, async (db) => {
      const events = await db.query<{ type: string; step: string | null; position: string }>(
        `select type, data->>'step' as step, global_position::text as position from events
          where data->>'operationId' = $1 order by global_position`,
        [operationId],
      );
      const notifications = await db.query<{ id: string; type: string; recipient: string }>(
        `select id::text, type, recipient_id as recipient from read_model.notifications
          where operation_id = $1 order by id`,
        [operationId],
      );
      return `events: ${JSON.stringify(events.rows)}; notifications written: ${JSON.stringify(notifications.rows)}`;
    }).catch((error: unknown) => `(could not look: ${String(error)})`);

  /** One administrator: creates a tenant, then updates it (and now and then another), each to its outcome. */
  async function administrator(client: number, token: string, feed: ResumingFeed, until: () => boolean) {
    const accepted: Accepted[] = [];
    const errors: unknown[] = [];
    const send = async (
      kind: Accepted['kind'],
      tenantId: string,
      query: string,
      variables: Record<string, unknown>,
    ) => {
      const answer = await balancer.graphql(query, variables, token);
      const operation = answer.data?.createTenant ?? answer.data?.updateTenant;
      if (answer.errors || !operation) {
        errors.push({ client, kind, tenantId, errors: answer.errors });
        return;
      }
      accepted.push({ kind, tenantId, operationId: operation.operationId });
      say(`client ${client}: ${kind} ${tenantId} accepted (${accepted.length})`);
      await feed.notifications
        .next((n) => n.operationId === operation.operationId && n.type === OUTCOMES[kind], {
          within: '60s',
          description: `${OUTCOMES[kind]} of ${tenantId} (${operation.operationId}) on administrator ${client}'s socket`,
        })
        .catch(async (error: unknown) => {
          throw new Error(`${String(error)}\n${await whereItStopped(operation.operationId)}`, { cause: error });
        });
    };
    for (let round = 0; round === 0 || !until(); round++) {
      const tenantId = `rolling-${client}-${Math.floor(round / 10)}`;
      if (round % 10 === 0) {
        await send('create', tenantId, CREATE, {
          input: {
            id: tenantId,
            name: `Rolling ${client}`,
            adminEmail: `owner@${tenantId}.test`,
            adminPassword: STRONG_PASSWORD,
            idempotencyKey: randomUUID(),
          },
        });
      } else {
        await send('update', tenantId, UPDATE, {
          id: tenantId,
          input: { name: `Rolling ${client} #${round}`, idempotencyKey: randomUUID() },
        });
      }
    }
    return { accepted, errors };
  }

  it('accepts every request once and delivers every notification once while each replica restarts', async () => {
    const admins = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => world.administrator(`admin${i}@rolling.test`)),
    );
    feeds = admins.map(({ token }, i) => new ResumingFeed(balancer, token, `administrator ${i}`));
    await Promise.all(feeds.map((feed) => feed.ready()));
    const endsAt = Date.now() + LOAD_SECONDS * 1000;
    let restartsDone = false;
    const until = () => Date.now() >= endsAt && restartsDone;

    const [restarted, ...results] = await Promise.all([
      restartInTurn(() => Date.now() >= endsAt).finally(() => (restartsDone = true)),
      ...admins.map(({ token }, i) => administrator(i, token, feeds[i]!, until)),
    ]);

    // Every replica went down and came back at least once under load.
    expect(restarted).toEqual(
      expect.arrayContaining([
        'tenant-command',
        'tenant-command-2',
        'provisioner',
        'provisioner-2',
        'gateway-1',
        'gateway-2',
      ]),
    );
    // No client saw an error.
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const accepted = results.flatMap((r) => r.accepted);
    expect(accepted.length).toBeGreaterThan(CLIENTS * 5);
    // Nothing was accepted twice: one request event per accepted operation.
    const events = await withClient(
      world.system.database.url,
      async (db) =>
        (
          await db.query<{ type: string; operationId: string }>(
            `select type, data->>'operationId' as "operationId" from events where stream like 'tenant-rolling-%'`,
          )
        ).rows,
    );
    const requests = events.filter((e) => e.type === 'TenantRequested' || e.type === 'TenantUpdateRequested');
    expect(requests.map((e) => e.operationId).sort()).toEqual(accepted.map((a) => a.operationId).sort());
    // Each operation has exactly one outcome.
    const outcomes = events.filter((e) => e.type === 'TenantProvisioned' || e.type === 'TenantUpdated');
    expect(outcomes.map((e) => e.operationId).sort()).toEqual(accepted.map((a) => a.operationId).sort());
    // Each socket got each of its notifications exactly once, and no one else's.
    for (const [i, feed] of feeds.entries()) {
      expect(feed.errors).toEqual([]);
      const mine = new Set(results[i]!.accepted.map((a) => a.operationId));
      const received = feed.notifications.all;
      expect(new Set(received.map((n) => n.cursor)).size).toBe(received.length);
      expect(received.every((n) => mine.has(n.operationId))).toBe(true);
      const outcomesSeen = received.filter((n) => n.type === 'TENANT_CREATED' || n.type === 'TENANT_UPDATED');
      expect(outcomesSeen.map((n) => n.operationId).sort()).toEqual([...mine].sort());
    }
  });
});
