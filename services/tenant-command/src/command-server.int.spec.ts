import pino from 'pino';
import { connect, headers, NatsConnection } from 'nats';
import { natsNames, sendCommand } from '@tenantry/messaging';
import { testNats, uniquePrefix, waitFor } from '@tenantry/testing';
import { COMMAND_NAMES, CommandName, CommandReply, CommandRequest } from '@tenantry/tenant-domain';
import type { CommandHandlers, RequestHeader } from './application/command-handlers';
import { serveCommands } from './command-server';

const ACTOR = { userId: 'root-admin', tenantId: 'root', roles: ['admin'] };
const acceptedBy = (name: CommandName): CommandReply => ({
  ok: true,
  accepted: { tenantId: 'acme', operationId: `operation-of-${name}`, status: 'PENDING', version: 1 },
});

interface Received {
  name: CommandName;
  payload: unknown;
  header: RequestHeader;
}

/** Handlers that record what reaches them; `hold` keeps a handler from answering until released. */
function recordingHandlers(received: Received[], hold?: Promise<void>): CommandHandlers {
  const recording = (name: CommandName) => async (payload: unknown, header: RequestHeader) => {
    received.push({ name, payload, header });
    if ((payload as { tenantId?: string }).tenantId === 'throws') throw new Error('unexpected');
    await hold;
    return acceptedBy(name);
  };
  return Object.fromEntries(COMMAND_NAMES.map((name) => [name, recording(name)])) as CommandHandlers;
}

describe('the command server', () => {
  const names = natsNames(uniquePrefix('commands'));
  const logger = pino({ level: 'silent' });
  let client: NatsConnection;
  let server: NatsConnection;
  beforeAll(async () => {
    const { url } = await testNats();
    [client, server] = await Promise.all([connect({ servers: url }), connect({ servers: url })]);
  });
  afterAll(async () => {
    await Promise.all([client.drain(), server.drain()]);
  });

  const serve = (handlers: CommandHandlers) =>
    serveCommands(server, handlers, {
      subjectOf: (name) => names.commandSubject(name),
      queue: `${names.commands}.workers`,
      gracePeriodMs: 5_000,
      logger,
    });
  const request = (tenantId: string, correlationId?: string): CommandRequest => ({
    actor: ACTOR,
    tenantId,
    correlationId,
  });

  it.each(COMMAND_NAMES)(
    'answers %s from its handler, with the request’s headers, as the gateway’s client expects',
    async (name) => {
      const received: Received[] = [];
      const commands = serve(recordingHandlers(received));
      await server.flush();

      const reply = await sendCommand(client, names, name, request('acme', 'correlation-1'));
      await commands.close();

      expect(reply).toEqual(acceptedBy(name));
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ name, payload: { actor: ACTOR, tenantId: 'acme' } });
      expect(received[0]?.header('x-correlation-id')).toBe('correlation-1');
      expect(received[0]?.header('traceparent')).toBeUndefined();
    },
  );

  it('answers a handler’s unexpected throw with the opaque error the client makes INTERNAL', async () => {
    const commands = serve(recordingHandlers([]));
    await server.flush();

    const reply = await sendCommand(client, names, 'deleteTenant', request('throws'));
    await commands.close();

    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String) } });
  });

  it('on close takes no new command but answers those in hand', async () => {
    let release!: () => void;
    const received: Received[] = [];
    const commands = serve(recordingHandlers(received, new Promise<void>((resolve) => (release = resolve))));
    await server.flush();
    const inHand = sendCommand(client, names, 'updateTenant', request('acme'));
    await waitFor(
      () => received.length,
      (n) => n === 1,
      { within: '5s', description: 'the command to be in hand' },
    );

    const closing = commands.close();
    // Its expectation is attached at once: the refusal (no responder) can come before the awaits below.
    const refused = expect(sendCommand(client, names, 'updateTenant', request('acme'), 1_000)).rejects.toThrow(
      /did not answer/,
    );
    release();

    await expect(inHand).resolves.toEqual(acceptedBy('updateTenant'));
    await closing;
    await refused;
    expect(received).toHaveLength(1);
  });

  it('reads no header from a request that has none', async () => {
    const received: Received[] = [];
    const commands = serve(recordingHandlers(received));
    await server.flush();
    const body = JSON.stringify({ pattern: names.commandSubject('createTenant'), data: {}, id: 'request-1' });

    const raw = await client.request(names.commandSubject('createTenant'), new TextEncoder().encode(body), {
      timeout: 5_000,
      headers: headers(),
    });
    await commands.close();

    expect(JSON.parse(new TextDecoder().decode(raw.data))).toEqual({
      id: 'request-1',
      response: acceptedBy('createTenant'),
      isDisposed: true,
    });
    expect(received[0]?.header('x-correlation-id')).toBeUndefined();
  });
});
