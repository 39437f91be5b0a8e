import 'reflect-metadata';
import { NatsContext } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { headers } from 'nats';
import { COMMAND_NAMES, CommandName, CommandReply } from '@tenantry/tenant-domain';
import type { CommandHandlers, RequestHeader } from './application/command-handlers';
import { commandsController } from './commands.controller';

const subjectOf = (name: CommandName) => `acme-prefix.tenantry.commands.${name}`;

interface Received {
  name: CommandName;
  payload: unknown;
  header: RequestHeader;
}

/** A handler table that records what reaches each handler. */
function recordingHandlers(received: Received[]): CommandHandlers {
  const recording =
    (name: CommandName) =>
    async (payload: unknown, header: RequestHeader): Promise<CommandReply> => {
      received.push({ name, payload, header });
      return {
        ok: true,
        accepted: { tenantId: 'acme', operationId: `operation-of-${name}`, status: 'PENDING', version: 1 },
      };
    };
  return {
    createTenant: recording('createTenant'),
    updateTenant: recording('updateTenant'),
    retryTenantProvisioning: recording('retryTenantProvisioning'),
    cancelTenantOperation: recording('cancelTenantOperation'),
    deleteTenant: recording('deleteTenant'),
  };
}

describe('the commands controller', () => {
  const CommandsController = commandsController(subjectOf);

  it.each(COMMAND_NAMES)('listens for %s on its subject', (name) => {
    expect(Reflect.getMetadata(PATTERN_METADATA, CommandsController.prototype[name])).toEqual([subjectOf(name)]);
  });

  it.each(COMMAND_NAMES)('passes a %s message to that command’s handler with its headers', async (name) => {
    const received: Received[] = [];
    const controller = new CommandsController(recordingHandlers(received));
    const natsHeaders = headers();
    natsHeaders.set('x-correlation-id', 'correlation-1');
    const payload = { actor: { userId: 'root-admin', tenantId: 'root', roles: ['admin'] }, tenantId: 'acme' };

    const reply = await controller[name](payload, new NatsContext([subjectOf(name), natsHeaders]));

    expect(reply).toMatchObject({ ok: true, accepted: { operationId: `operation-of-${name}` } });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ name, payload });
    expect(received[0]?.header('x-correlation-id')).toBe('correlation-1');
    expect(received[0]?.header('traceparent')).toBeUndefined();
  });

  it('reads no header from a message that has none', async () => {
    const received: Received[] = [];
    const controller = new CommandsController(recordingHandlers(received));

    await controller.createTenant({}, new NatsContext([subjectOf('createTenant'), undefined]));

    expect(received[0]?.header('x-correlation-id')).toBeUndefined();
  });
});
