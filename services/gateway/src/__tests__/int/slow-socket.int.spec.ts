import { DEVELOPMENT_ROOT_ADMIN } from '@tenantry/config';
import { newEventId, StoredEvent } from '@tenantry/event-store';
import { eventHeaders, natsNames, storedEventCodec, tenantEventSubject } from '@tenantry/messaging';
import { waitFor, withClient } from '@tenantry/testing';
import { streamNameOf, type TenantEvent } from '@tenantry/tenant-domain';
import { connect, NatsConnection } from 'nats';
import WebSocket from 'ws';
import {
  provisioningStarted,
  stepCompleted,
  tenantRequested,
} from '../../../../../libs/read-model/src/__tests__/tenant-events';
import { GatewayWorld } from '../gateway-world';
import { metricSample } from '../metric-sample';

/**
 * 10,000 notifications to a socket whose client does not read: the gateway's memory
 * stays bounded and, once the client reads, it gets every one, in order, none twice.
 * The events are published to the stream as the relay would (3 progress notifications
 * per tenant, for root's administrator), so the projector and the live feed are real.
 */
// Deadlines, not waits: idle, the whole test takes ~10 s; under a loaded CI (two busy loops on two
// cores) the delivery alone once took over 120 s.
jest.setTimeout(480_000);

const TENANTS = 3_334;
const NOTIFICATIONS = TENANTS * 3;
const SUBSCRIBE = 'subscription { notifications { cursor type tenantId } }';

describe('a socket that does not read', () => {
  let world: GatewayWorld;
  let nats: NatsConnection;
  let rootKey = '';

  beforeAll(async () => {
    world = await GatewayWorld.start('slow_socket');
    // No jobs for the synthetic tenants: only the projector and the feed are under test.
    await world.system.services.get('provisioner')!.stop();
    nats = await connect({ servers: world.system.natsUrl });
    const login = await world.login('root', DEVELOPMENT_ROOT_ADMIN.email, DEVELOPMENT_ROOT_ADMIN.password);
    rootKey = `root/${login.data!.login.user.id}`;
  });
  afterAll(async () => {
    await nats?.close();
    await world?.dispose();
  });

  /** The gateway's resident memory, from its own metrics. */
  const gatewayMemory = async () => metricSample(await world.metrics(), 'process_resident_memory_bytes')!;

  it(`holds bounded memory for ${NOTIFICATIONS} unread notifications, then delivers them all in order`, async () => {
    const { socket, received, acknowledged } = await world.onceSubscribed(() =>
      openSubscription(world.url.replace(/^http/, 'ws'), world.rootToken),
    );
    await acknowledged;
    // The client stops reading: nothing more leaves its socket's receive buffer.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const before = await gatewayMemory();

    await publishProgress(nats, world.system.prefix, rootKey);
    const committed = await waitFor(
      () =>
        withClient(world.system.database.url, async (client) =>
          Number(
            (
              await client.query(
                `select count(*) from read_model.notifications where recipient_id = $1 and type = 'TENANT_PROVISIONING_PROGRESS'`,
                [rootKey],
              )
            ).rows[0].count,
          ),
        ),
      (count) => count >= NOTIFICATIONS,
      { within: '180s', interval: 500, description: `${NOTIFICATIONS} notifications committed` },
    );
    expect(committed).toBe(NOTIFICATIONS);
    const grown = (await gatewayMemory()) - before;
    expect(grown).toBeLessThan(150 * 1024 * 1024);

    (socket as unknown as { _socket: { resume(): void } })._socket.resume();
    const all = await waitFor(
      () => received,
      (list) => list.length >= NOTIFICATIONS,
      {
        within: '240s',
        interval: 250,
        description: `${NOTIFICATIONS} notifications on the socket`,
      },
    );
    const cursors = all.map((n) => BigInt(n.cursor));
    expect(cursors.every((cursor, i) => i === 0 || cursor > cursors[i - 1]!)).toBe(true);
    expect(new Set(all.map((n) => n.tenantId)).size).toBe(TENANTS);
    socket.close();
  });
});

/** graphql-transport-ws by hand, so the test holds the raw socket it pauses. */
function openSubscription(url: string, token: string) {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const received: { cursor: string; type: string; tenantId: string }[] = [];
  const acknowledged = new Promise<void>((resolve, reject) => {
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })),
    );
    socket.on('error', reject);
    socket.on('message', (data) => {
      // ws's default binaryType: a text frame arrives as one Buffer.
      const message = JSON.parse((data as Buffer).toString('utf8')) as {
        type: string;
        payload?: { data?: { notifications: (typeof received)[number] } };
      };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIBE } }));
        // The pong says the server has read the subscribe message (GatewayWorld.onceSubscribed waits for its set-up).
        socket.send(JSON.stringify({ type: 'ping' }));
      } else if (message.type === 'pong') resolve();
      else if (message.type === 'next' && message.payload?.data) received.push(message.payload.data.notifications);
    });
  });
  return { socket, received, acknowledged };
}

/** What the relay would publish for TENANTS creations by `requestedBy`, up to three completed steps each. */
async function publishProgress(nats: NatsConnection, prefix: string, requestedBy: string): Promise<void> {
  const names = natsNames(prefix);
  const subjectOf = tenantEventSubject(names);
  const js = nats.jetstream();
  let position = 1_000_000;
  for (let i = 0; i < TENANTS; i++) {
    const tenantId = `slow-${i}`;
    const events: TenantEvent[] = [
      tenantRequested(tenantId, { requestedBy }),
      provisioningStarted(tenantId, { requestedBy }),
      ...(['CREATING_DATABASE', 'RUNNING_MIGRATIONS', 'CREATING_ADMIN'] as const).map((step) =>
        stepCompleted(tenantId, step, { requestedBy }),
      ),
    ];
    await Promise.all(
      events.map((event, revision) => {
        const stored: StoredEvent = {
          id: newEventId(),
          stream: streamNameOf(tenantId),
          type: event.type,
          revision: BigInt(revision),
          position: `0:${++position}`,
          data: event.data,
          metadata: {},
          recordedAt: new Date(),
        };
        return js.publish(subjectOf(stored)!, storedEventCodec.encode(stored), {
          msgID: stored.id,
          headers: eventHeaders(stored),
        });
      }),
    );
  }
}
