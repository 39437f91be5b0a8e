import { randomBytes } from 'node:crypto';
import {
  BROKER_USERS,
  BrokerUser,
  connectNats,
  natsNames,
  natsPasswordVariable,
  renderNatsAuthorization,
  sendCommand,
} from '@tenantry/messaging';
import { Inbox, NatsServerProcess, startNatsServer, uniquePrefix } from '@tenantry/testing';
import { connect, ErrorCode, NatsConnection, NatsError, Status } from 'nats';
import { GatewayWorld } from '../gateway-world';

/**
 * Issue 14, item 11: a nats-server with one user per service (the rendering that
 * deploy/nats/authorization.conf is, for this file's prefix). Each service works with
 * its own credentials; another service's credentials cannot do what they do not need.
 */
jest.setTimeout(180_000);

// As deploy/README.md tells operators to make them (`openssl rand -hex 24 | tr 0-9 g-p`): nats-server parses an
// environment variable as a conf value, and a value that starts with a digit may not parse as a string.
const password = () =>
  randomBytes(24)
    .toString('hex')
    .replace(/[0-9]/g, (digit) => 'ghijklmnop'[Number(digit)]!);
const passwords = Object.fromEntries(BROKER_USERS.map((user) => [user, password()])) as Record<BrokerUser, string>;
const credentials = (user: BrokerUser) => ({ NATS_USER: user, NATS_PASSWORD: passwords[user] });

describe('NATS with one user per service and least privilege', () => {
  const prefix = uniquePrefix('broker');
  const names = natsNames(prefix);
  let broker: NatsServerProcess;
  let world: GatewayWorld;
  const clients: NatsConnection[] = [];

  /** A client of the broker as `user`, with that user's inbox, and what the server told it. */
  const clientAs = async (user: BrokerUser) => {
    const nats = await connectNats({
      url: broker.url,
      name: `test-as-${user}`,
      user,
      pass: passwords[user],
      inboxPrefix: names.inboxPrefix(user),
      maxReconnectAttempts: 0,
    });
    clients.push(nats);
    const statuses = new Inbox<Status>();
    void (async () => {
      for await (const status of nats.status()) statuses.push(status);
    })();
    return { nats, statuses };
  };
  const violation = (operation: 'publish' | 'subscription', subject: string) => (status: Status) =>
    status.data === ErrorCode.PermissionsViolation &&
    status.permissionContext?.operation === operation &&
    status.permissionContext.subject === subject;

  beforeAll(async () => {
    broker = await startNatsServer({
      config: renderNatsAuthorization(prefix),
      env: Object.fromEntries(BROKER_USERS.map((user) => [natsPasswordVariable(user), passwords[user]])),
    });
    world = await GatewayWorld.start('gw_broker', {
      env: { NATS_URL: broker.url, NATS_PREFIX: prefix },
      tenantCommandEnv: credentials('tenant-command'),
      provisionerEnv: credentials('provisioner'),
      gatewayEnv: credentials('gateway'),
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((nats) => nats.close()));
    await world?.dispose();
    await broker?.stop();
  });

  it('runs the lifecycle with each service as its own user: created through the gateway, ACTIVE, notified on a socket', async () => {
    const feed = await world.followNotifications(world.socket().client);
    const reply = await world.createTenant({ id: 'acme-broker', name: 'Acme Broker' });
    expect(reply.errors).toBeUndefined();
    await world.waitForTenant('acme-broker', (t) => t?.status === 'ACTIVE', 'to be ACTIVE', '60s');
    const created = await feed.notifications.next((n) => n.type === 'TENANT_CREATED' && n.tenantId === 'acme-broker', {
      within: '30s',
    });
    expect(created.operationId).toBe(reply.data!.createTenant.operationId);
    expect(world.allLogs()).not.toContain(passwords.gateway);
    // The server logs every refused publish or subscription: the services needed nothing they lack.
    expect(broker.logs.filter((line) => /Violation/.test(line))).toEqual([]);
  });

  it("refuses a command sent with the provisioner's credentials (no reply), which the gateway's get answered", async () => {
    const request = {
      actor: { userId: 'intruder', tenantId: 'root', roles: ['admin'] },
      input: {
        id: 'by-intruder',
        name: 'Intruder',
        adminEmail: 'x@intruder.test',
        adminPassword: 'Correct-Horse-Battery-42',
      },
    };
    const provisioner = await clientAs('provisioner');
    await expect(sendCommand(provisioner.nats, names, 'createTenant', request as never, 3_000)).rejects.toThrow(
      /did not answer/,
    );
    await provisioner.statuses.next(violation('publish', names.commandSubject('createTenant')), { within: '10s' });

    // The same subject answers the gateway (a non-administrator actor, so that nothing is created).
    const gateway = await clientAs('gateway');
    const answered = await sendCommand(gateway.nats, names, 'createTenant', {
      ...request,
      actor: { ...request.actor, roles: [] },
    });
    expect(answered).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it("drops a notification published with the provisioner's credentials, and refuses it notifications", async () => {
    const subject = names.notificationSubject('root-admin');
    const gateway = await clientAs('gateway');
    const received = new Inbox<string>();
    gateway.nats.subscribe(names.allNotifications, { callback: (_error, message) => received.push(message.string()) });
    await gateway.nats.flush();

    const provisioner = await clientAs('provisioner');
    provisioner.nats.publish(subject, 'forged by the provisioner');
    await provisioner.nats.flush();
    await provisioner.statuses.next(violation('publish', subject), { within: '10s' });
    // Published after the forged one was refused: had it passed, it would have arrived first.
    gateway.nats.publish(subject, 'from the gateway');
    expect(await received.next(() => true, { within: '10s' })).toBe('from the gateway');

    const refused = new Inbox<NatsError>();
    provisioner.nats.subscribe(names.allNotifications, { callback: (error) => error && refused.push(error) });
    expect((await refused.next(() => true, { within: '10s' })).code).toBe(ErrorCode.PermissionsViolation);
  });

  it('refuses a client without credentials, or with a wrong password', async () => {
    await expect(connect({ servers: broker.url, reconnect: false })).rejects.toMatchObject({
      code: ErrorCode.AuthorizationViolation,
    });
    await expect(
      connect({ servers: broker.url, reconnect: false, user: 'gateway', pass: passwords.provisioner }),
    ).rejects.toMatchObject({ code: ErrorCode.AuthorizationViolation });
  });
});
