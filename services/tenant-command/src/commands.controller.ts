import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { CommandName, CommandReply } from '@tenantry/tenant-domain';
import type { CommandHandlers, RequestHeader } from './application/command-handlers';

export const COMMAND_HANDLERS = Symbol('CommandHandlers');

type NatsCommandHandler = (payload: unknown, context: NatsContext) => Promise<CommandReply>;

/** NATS gives an absent header as ''. */
const headerOf =
  (context: NatsContext): RequestHeader =>
  (name) =>
    // Nest types the headers `any`: they are nats' MsgHdrs.
    (context.getHeaders() as NatsHeaders | undefined)?.get(name) || undefined;

interface NatsHeaders {
  get(name: string): string;
}

/**
 * One NATS request-reply handler per command, each passing the message to the
 * command's handler. Subjects carry the installation's prefix, known only at start,
 * so the controller class is made per subject set.
 */
export function commandsController(subjectOf: (name: CommandName) => string) {
  @Controller()
  class CommandsController implements Record<CommandName, NatsCommandHandler> {
    constructor(@Inject(COMMAND_HANDLERS) readonly handlers: CommandHandlers) {}

    @MessagePattern(subjectOf('createTenant'))
    createTenant(@Payload() payload: unknown, @Ctx() context: NatsContext): Promise<CommandReply> {
      return this.handlers.createTenant(payload, headerOf(context));
    }

    @MessagePattern(subjectOf('updateTenant'))
    updateTenant(@Payload() payload: unknown, @Ctx() context: NatsContext): Promise<CommandReply> {
      return this.handlers.updateTenant(payload, headerOf(context));
    }

    @MessagePattern(subjectOf('retryTenantProvisioning'))
    retryTenantProvisioning(@Payload() payload: unknown, @Ctx() context: NatsContext): Promise<CommandReply> {
      return this.handlers.retryTenantProvisioning(payload, headerOf(context));
    }

    @MessagePattern(subjectOf('cancelTenantOperation'))
    cancelTenantOperation(@Payload() payload: unknown, @Ctx() context: NatsContext): Promise<CommandReply> {
      return this.handlers.cancelTenantOperation(payload, headerOf(context));
    }

    @MessagePattern(subjectOf('deleteTenant'))
    deleteTenant(@Payload() payload: unknown, @Ctx() context: NatsContext): Promise<CommandReply> {
      return this.handlers.deleteTenant(payload, headerOf(context));
    }
  }
  return CommandsController;
}
