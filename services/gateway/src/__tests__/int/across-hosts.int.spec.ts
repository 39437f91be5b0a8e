import { DEVELOPMENT_ROOT_ADMIN } from '@tenantry/config';
import { natsNames } from '@tenantry/messaging';
import {
  namespacesUnavailable,
  NatsCluster,
  NetworkLab,
  startNatsCluster,
  startNetworkLab,
  startTcpForwarder,
  startTestSystem,
  TcpForwarder,
  TestSystem,
  waitFor,
  withClient,
} from '@tenantry/testing';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect } from 'nats';
import { graphql, NotificationResult } from '../graphql-client';
import { STRONG_PASSWORD } from '../gateway-world';
import { RequestRecord, submitPatiently } from '../across-hosts/patient-client';
import { LoadBalancer } from '../load-balancer';
import { ResumingFeed } from '../resuming-feed';

/**
 * Tenantry on separate hosts, with real network boundaries: three NATS nodes, each in its
 * own network namespace, clustered over veth links and keeping the stream in three copies;
 * hosts A and B, each running a gateway, a tenant-command and a provisioner; PostgreSQL
 * reached over a link. While 100 creates and 100 updates go through both gateways, sent by
 * users whose notification sockets are on the other gateway, the NATS node leading the
 * stream is killed (SIGKILL) and restarted, and host B's link is down for 10 s.
 * Then: every accepted request ended in its final state exactly once, every initiator got
 * each of its notifications exactly once, and no request was accepted twice.
 */
jest.setTimeout(240_000);

const run = promisify(execFile);
const TENANTS = 100;
const USERS = 4;
const CONCURRENCY_PER_USER = 6;
const unavailable = namespacesUnavailable();
const describeAcrossHosts = unavailable ? describe.skip : describe;

interface User {
  name: string;
  token: string;
  /** Where this user sends commands; the socket is on the other gateway. */
  submitsTo: 'a' | 'b';
  feed?: ResumingFeed;
}

describeAcrossHosts(`across hosts${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let lab: NetworkLab;
  let postgres: TcpForwarder;
  let cluster: NatsCluster;
  let system: TestSystem;
  const gateways: Record<'a' | 'b', string> = { a: '', b: '' };
  const users: User[] = [];
  const requests: { tenantId: string; user: User; create: RequestRecord; update?: RequestRecord }[] = [];
  const faults: string[] = [];
  /** Tenants whose update notification has arrived: the rest are in flight. */
  let finished = 0;
  const inFlight = () => requests.length - finished;
  /** Requests in flight when each fault began: the faults must hit a running load. */
  const inFlightAt: Record<string, number> = {};
  /**
   * The load cannot outrun the faults, however fast the machine: tenants from each gate's
   * index on wait for the fault before it (the leader restarted, host B cut off) to have
   * begun, so each fault meets tenants still in flight.
   */
  const gates = [gate(40), gate(70)];

  beforeAll(async () => {
    lab = await startNetworkLab(['n1', 'n2', 'n3', 'a', 'b']);
    postgres = await startTcpForwarder(lab.rootAddress, 5432, { host: '127.0.0.1', port: 5432 });
    cluster = await startNatsCluster(
      ['n1', 'n2', 'n3'].map((name) => ({
        name,
        host: lab.host(name).address,
        clientPort: 4222,
        routePort: 6222,
        launcher: lab.host(name).launcher,
      })),
    );
    system = await startTestSystem('across_hosts', {
      NATS_URL: cluster.url,
      NATS_STREAM_REPLICAS: '3',
      JWT_TTL_SECONDS: '900',
      // The shared PostgreSQL also serves other test files: a moment of "too many clients" is
      // retried for a few seconds rather than failing a tenant after 3 attempts in 200 ms.
      PROVISIONER_MAX_ATTEMPTS: '8',
      PROVISIONER_BACKOFF_MS: '250',
    });
    const databaseUrl = new URL(system.database.url);
    databaseUrl.host = postgres.address;
    for (const host of ['a', 'b'] as const) {
      // PGAPPNAME names the host's sessions (where a pool sets no name of its own), for a diagnosis.
      const env = { DATABASE_URL: databaseUrl.toString(), PORT: '4000', PGAPPNAME: `host-${host}` };
      const launcher = lab.host(host).launcher;
      await Promise.all([
        system.start('tenant-command', { instance: `tenant-command-${host}`, env, launcher }),
        system.start('provisioner', { instance: `provisioner-${host}`, env, launcher }),
        system.start('gateway', { instance: `gateway-${host}`, env, launcher }),
      ]);
      gateways[host] = `http://${lab.host(host).address}:4000/graphql`;
    }
    const root = await waitFor(
      async () =>
        (
          await graphql(
            gateways.a,
            'mutation($e: String!, $p: String!) { login(tenant: "root", email: $e, password: $p) { token } }',
            { e: DEVELOPMENT_ROOT_ADMIN.email, p: DEVELOPMENT_ROOT_ADMIN.password },
          )
        ).data?.login?.token as string | undefined,
      Boolean,
      { within: '90s', interval: 250, description: 'root to log in through gateway A' },
    );
    for (let i = 0; i < USERS; i++) {
      const email = `operator-${i}@across.test`;
      const created = await graphql(
        gateways.a,
        'mutation($input: CreateAdministratorInput!) { createAdministrator(input: $input) { id } }',
        { input: { email, password: STRONG_PASSWORD } },
        root,
      );
      expect(created.errors).toBeUndefined();
      const login = await graphql(
        gateways.a,
        'mutation($e: String!, $p: String!) { login(tenant: "root", email: $e, password: $p) { token } }',
        { e: email, p: STRONG_PASSWORD },
      );
      const submitsTo = i % 2 === 0 ? 'a' : 'b';
      const user: User = { name: `operator-${i}`, token: login.data.login.token, submitsTo };
      // The socket stays on the other host's gateway (a balancer of one), resuming by cursor when lost.
      const socketHost = submitsTo === 'a' ? 'b' : 'a';
      user.feed = new ResumingFeed(
        new LoadBalancer([{ instance: `gateway-${socketHost}`, url: gateways[socketHost] }]),
        user.token,
        user.name,
      );
      await user.feed.ready();
      users.push(user);
    }
  }, 200_000);

  afterAll(async () => {
    await Promise.all(users.map(async (user) => user.feed?.close()));
    await system?.dispose().catch((error) => console.error('dispose', error));
    await cluster?.stop();
    await postgres?.close();
    await lab?.dispose();
  });

  const send = (user: User, query: string, variables: Record<string, unknown>) => (signal: AbortSignal) =>
    fetch(gateways[user.submitsTo], {
      method: 'POST',
      signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ query, variables }),
    }).then((response) => response.json());

  const notesOf = (user: User) => user.feed!.notifications.all;
  /** The operation's outcome on the user's socket: the expected one, or the failure that ended it instead. */
  const waitForNote = async (
    user: User,
    tenantId: string,
    type: 'TENANT_CREATED' | 'TENANT_UPDATED',
    operationId: string,
  ) => {
    const failure = type === 'TENANT_CREATED' ? 'TENANT_CREATION_FAILED' : 'TENANT_UPDATE_FAILED';
    const outcome = await waitFor(
      () => notesOf(user).find((n) => (n.type === type || n.type === failure) && n.operationId === operationId),
      Boolean,
      { within: '120s', interval: 50, description: `${type} for operation ${operationId} on ${user.name}'s socket` },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${feedState(user)}\n${await diagnosis(tenantId)}`, { cause: error });
    });
    if (outcome!.type !== type) throw new Error(`${outcome!.tenantId}: ${outcome!.type}: ${outcome!.error}`);
  };

  /** What the user's socket has seen: how many notifications, the last cursor, the reconnections. */
  const feedState = (user: User) => {
    const seen = notesOf(user);
    return `${user.name}'s socket: ${seen.length} notifications, last cursor ${seen.at(-1)?.cursor ?? 'none'}, ${user.feed!.reconnections} reconnections`;
  };

  /**
   * What a stuck operation left: the tenant's events, its notifications in the read model
   * (cursor, type, recipient), the projector's checkpoint, and what every session of the database is doing.
   */
  const diagnosis = (tenantId: string) =>
    withClient(system.database.url, async (client) => {
      const events = await client.query(`SELECT type FROM events WHERE stream = $1 ORDER BY revision`, [
        `tenant-${tenantId}`,
      ]);
      const notifications = await client.query(
        `SELECT n.id, n.type, n.recipient_id FROM read_model.notifications n WHERE n.tenant_id = $1 ORDER BY n.id`,
        [tenantId],
      );
      const view = await client.query(`SELECT status, version FROM read_model.tenants WHERE id = $1`, [tenantId]);
      const checkpoints = await client.query(`SELECT name, stream_sequence FROM read_model.projector_checkpoints`);
      const sessions = await client.query(
        `SELECT application_name, client_addr, state, wait_event_type, wait_event,
                now() - xact_start AS in_transaction_for, left(query, 120) AS query
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
      );
      const sockets = await Promise.all(
        (['a', 'b'] as const).map(async (host) => {
          const { stdout } = await run('ip', ['netns', 'exec', lab.host(host).namespace, 'ss', '-tno']);
          return `host ${host} sockets:\n${stdout}`;
        }),
      );
      return [
        `events of ${tenantId}: ${events.rows.map((row) => row.type).join(', ')}`,
        `notifications of ${tenantId}: ${notifications.rows.map((row) => `${row.id} ${row.type} to ${row.recipient_id}`).join(', ') || 'none'}`,
        `read-model view of ${tenantId}: ${view.rows.map((row) => `${row.status} version ${row.version}`).join('') || 'none'}`,
        `read-model checkpoints: ${checkpoints.rows.map((row) => `${row.name} ${row.stream_sequence}`).join(', ')}`,
        'busy sessions:',
        ...sessions.rows.map((row) => JSON.stringify(row)),
        ...sockets,
      ].join('\n');
    }).catch((error: Error) => `no diagnosis: ${error.message}`);

  /** One tenant's life: created through the user's gateway, then renamed once it is ready. */
  async function createThenUpdate(user: User, index: number): Promise<void> {
    const tenantId = `across-${index}`;
    const entry = {
      tenantId,
      user,
      create: { key: `create-${tenantId}`, gateway: user.submitsTo, answers: [] },
    } as (typeof requests)[number];
    requests.push(entry);
    await submitPatiently(
      entry.create,
      send(
        user,
        'mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenantId operationId status } }',
        {
          input: {
            id: tenantId,
            name: `Across ${index}`,
            adminEmail: `owner@${tenantId}.test`,
            adminPassword: STRONG_PASSWORD,
            idempotencyKey: entry.create.key,
          },
        },
      ),
      { withinMs: 90_000, attemptMs: 15_000 },
    );
    if (!entry.create.accepted) return;
    await waitForNote(user, tenantId, 'TENANT_CREATED', entry.create.accepted.operationId);
    entry.update = { key: `update-${tenantId}`, gateway: user.submitsTo, answers: [] };
    await submitPatiently(
      entry.update,
      send(
        user,
        'mutation($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { tenantId operationId status } }',
        { id: tenantId, input: { name: `Across ${index} renamed`, idempotencyKey: entry.update.key } },
      ),
      { withinMs: 90_000, attemptMs: 15_000 },
    );
    if (entry.update.accepted) await waitForNote(user, tenantId, 'TENANT_UPDATED', entry.update.accepted.operationId);
    finished += 1;
  }

  /** Each user works through its share of the tenants, a few at a time. */
  async function load(): Promise<void> {
    await Promise.all(
      users.map(async (user, u) => {
        const mine = Array.from({ length: TENANTS / USERS }, (_, i) => i * USERS + u);
        const workers = Array.from({ length: CONCURRENCY_PER_USER }, async () => {
          for (let next = mine.shift(); next !== undefined; next = mine.shift()) {
            await Promise.all(gates.filter((g) => next >= g.fromTenant).map((g) => g.opened));
            await createThenUpdate(user, next);
          }
        });
        await Promise.all(workers);
      }),
    );
  }

  const acceptedCount = () => requests.filter((r) => r.create.accepted).length;

  /** The faults, in the middle of the load: the stream's leader dies and comes back, then host B is cut off for 10 s. */
  async function faultsDuringLoad(): Promise<void> {
    const stream = natsNames(system.prefix).stream;
    await waitFor(acceptedCount, (n) => n >= 15, { within: '60s', description: '15 creates accepted' });
    const leader = await cluster.streamLeader(stream);
    faults.push(`SIGKILL ${leader}, the leader of ${stream}`);
    inFlightAt.leaderKilled = inFlight();
    await cluster.node(leader).kill('SIGKILL');
    const next = await waitFor(
      () => cluster.streamLeader(stream, { within: '2s' }),
      (name) => name !== leader,
      { within: '30s', interval: 200, description: `a new leader of ${stream} after ${leader} died` },
    );
    faults.push(`${next} leads ${stream}`);
    await cluster.node(leader).start();
    faults.push(`${leader} restarted`);
    gates[0]!.open();

    await waitFor(acceptedCount, (n) => n >= 45, { within: '90s', description: '45 creates accepted' });
    await lab.host('b').setLink('down');
    inFlightAt.linkDown = inFlight();
    faults.push('host B link down');
    gates[1]!.open();
    // The scenario itself: host B is cut off for 10 seconds.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    await lab.host('b').setLink('up');
    inFlightAt.linkUp = inFlight();
    faults.push('host B link up');
  }

  it("keeps the stream and the services' durable consumers on all three nodes (NATS_STREAM_REPLICAS=3)", async () => {
    const names = natsNames(system.prefix);
    const nats = await connect({ servers: cluster.url.split(',') });
    try {
      const jsm = await nats.jetstreamManager();
      const copies = (info: { cluster?: { leader?: string; replicas?: unknown[] } }) =>
        (info.cluster?.leader ? 1 : 0) + (info.cluster?.replicas?.length ?? 0);
      expect(copies(await jsm.streams.info(names.stream))).toBe(3);
      for (const consumer of [names.consumers.provisioner, names.consumers.projector])
        expect(`${consumer}: ${copies(await jsm.consumers.info(names.stream, consumer))}`).toBe(`${consumer}: 3`);
    } finally {
      await nats.close();
    }
  });

  it('ends every accepted request once, notifies each initiator once, and accepts no request twice', async () => {
    const started = Date.now();
    await Promise.all([load(), faultsDuringLoad()]);
    const loadSeconds = Math.round((Date.now() - started) / 1000);

    const refused = requests.flatMap((r) =>
      [r.create, r.update]
        .filter((q) => q && !q.accepted)
        .map((q) => `${q!.key}: ${q!.answers.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' | ')}`),
    );
    const creates = requests.filter((r) => r.create.accepted);
    const updates = requests.filter((r) => r.update?.accepted);
    console.info(
      JSON.stringify({
        loadSeconds,
        faults,
        inFlightAt,
        accepted: { creates: creates.length, updates: updates.length },
        retriedByClient: requests.flatMap((r) => [r.create, r.update]).filter((q) => q && q.answers.length > 1).length,
        resumedSockets: users.map((u) => u.feed!.reconnections),
        socketErrors: users.flatMap((u) => u.feed!.errors),
        refused,
      }),
    );
    expect(refused).toEqual([]);
    expect(users.flatMap((u) => u.feed!.errors)).toEqual([]);
    // The faults hit a running load: requests were in flight at each of them.
    expect(inFlightAt).toEqual({
      leaderKilled: expect.any(Number),
      linkDown: expect.any(Number),
      linkUp: expect.any(Number),
    });
    for (const count of Object.values(inFlightAt)) expect(count).toBeGreaterThan(0);
    expect(creates).toHaveLength(TENANTS);
    expect(updates).toHaveLength(TENANTS);

    // No request accepted twice: every answer of a request's attempts is the same operation,
    // and the store holds one request event per request.
    for (const request of requests.flatMap((r) => [r.create, r.update!])) {
      const operations = new Set(request.answers.filter((a) => typeof a !== 'string').map((a) => a.operationId));
      expect({ key: request.key, operations: [...operations] }).toEqual({
        key: request.key,
        operations: [request.accepted!.operationId],
      });
    }
    const eventCounts = await withClient(system.database.url, async (client) =>
      (
        await client.query<{ stream: string; type: string; count: string }>(
          `SELECT stream, type, count(*) FROM events WHERE stream LIKE 'tenant-across-%' GROUP BY stream, type`,
        )
      ).rows.map((row) => `${row.stream} ${row.type} ${row.count}`),
    );
    for (const { tenantId } of requests)
      for (const type of ['TenantRequested', 'TenantProvisioned', 'TenantUpdateRequested', 'TenantUpdated'])
        expect(eventCounts).toContain(`tenant-${tenantId} ${type} 1`);
    expect(eventCounts.filter((line) => /Failed/.test(line))).toEqual([]);

    // Final state, once: one schema with one admin row per tenant, and the read model shows the update.
    const storage = await withClient(system.database.url, async (client) => {
      const rows: string[] = [];
      for (const { tenantId } of requests) {
        const schema = `tenant_${tenantId.replace(/-/g, '_')}`;
        const admins = await client.query<{ count: string }>(
          `SELECT count(*) FROM "${schema}".users WHERE email = $1`,
          [`owner@${tenantId}.test`],
        );
        rows.push(`${schema} admins ${admins.rows[0]!.count}`);
      }
      const schemas = await client.query<{ count: string }>(
        `SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'tenant\\_across\\_%'`,
      );
      return { rows, schemas: Number(schemas.rows[0]!.count) };
    });
    expect(storage.schemas).toBe(TENANTS);
    expect(storage.rows.filter((row) => !row.endsWith(' admins 1'))).toEqual([]);

    // Every initiator's socket got each of its notifications exactly once: no cursor twice,
    // one outcome per operation, and nothing its feed holds is missing from what arrived.
    for (const user of users) {
      const arrived = notesOf(user);
      const cursors = arrived.map((n) => n.cursor);
      expect({ user: user.name, duplicates: cursors.filter((c, i) => cursors.indexOf(c) !== i) }).toEqual({
        user: user.name,
        duplicates: [],
      });
      const mine = requests.filter((r) => r.user === user);
      for (const r of mine) {
        const outcomes = (type: string, operationId: string) =>
          arrived.filter((n) => n.type === type && n.operationId === operationId).length;
        expect(`${r.tenantId} created ${outcomes('TENANT_CREATED', r.create.accepted!.operationId)}`).toBe(
          `${r.tenantId} created 1`,
        );
        expect(`${r.tenantId} updated ${outcomes('TENANT_UPDATED', r.update!.accepted!.operationId)}`).toBe(
          `${r.tenantId} updated 1`,
        );
      }
      const history = await historyOf(user);
      expect({ user: user.name, missing: history.filter((c) => !cursors.includes(c)) }).toEqual({
        user: user.name,
        missing: [],
      });
    }
  });

  /** The user's whole notification feed, page by page, as the gateway stores it. */
  async function historyOf(user: User): Promise<string[]> {
    const cursors: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await graphql<{ notifications: NotificationResult[] }>(
        gateways.a,
        'query($after: Cursor) { notifications(after: $after, first: 50) { cursor } }',
        { after },
        user.token,
      );
      const notes = page.data?.notifications ?? [];
      cursors.push(...notes.map((n) => n.cursor));
      if (notes.length < 50) return cursors;
      after = notes.at(-1)!.cursor;
    }
  }
});

/** A point the load waits at: tenants from `fromTenant` on start once it is opened. */
function gate(fromTenant: number) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { fromTenant, opened, open };
}
