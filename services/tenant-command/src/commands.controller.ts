import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { Logger, redactCredentials } from '@tenantry/config';
import { COMMAND_NAMES, CommandName, CommandReply, CommandRequest } from '@tenantry/tenant-domain';
import { TenantCommands } from './application/tenant-commands';
import { toReply } from './application/to-reply';
import type { TenantCommandMetrics } from './metrics';
import { SpanKind, inSpan } from '@tenantry/observability';

export const TENANT_COMMANDS = Symbol('TenantCommands');
export const COMMAND_OBSERVERS = Symbol('CommandObservers');

export interface CommandObservers {
  logger: Logger;
  metrics: TenantCommandMetrics;
}

/**
 * One NATS request-reply handler per command. Subjects carry the installation's
 * prefix, known only at start, so the controller class is made per subject set.
 */
export function commandsController(subjectOf: (name: CommandName) => string) {
  @Controller()
  class CommandsController {
    constructor(
      @Inject(TENANT_COMMANDS) readonly commands: TenantCommands,
      @Inject(COMMAND_OBSERVERS) readonly observers: CommandObservers,
    ) {}

    async answer(name: CommandName, payload: unknown, context: NatsContext): Promise<CommandReply> {
      const request = CommandRequest.parse(payload);
      const correlationId = request.correlationId ?? context.getHeaders()?.get('x-correlation-id') ?? undefined;
      const log = this.observers.logger.child({ command: name, correlationId, actor: request.actor.userId });
      const traceparent = context.getHeaders()?.get('traceparent') || undefined;
      const reply = await inSpan(`tenant-command ${name}`, { traceparent }, () => toReply(
        () => this.commands.execute(name, { ...request, correlationId }),
        (error) => log.error({ error: redactCredentials(error instanceof Error ? error.message : String(error)) }, 'command failed unexpectedly'),
      ), SpanKind.SERVER);
      const outcome = reply.ok ? 'accepted' : reply.error.code;
      this.observers.metrics.commandAnswered(name, outcome);
      log.info({ outcome, tenantId: reply.ok ? reply.accepted.tenantId : request.tenantId }, 'command answered');
      return reply;
    }
  }
  for (const name of COMMAND_NAMES) {
    const handler = function (this: CommandsController, payload: unknown, context: NatsContext): Promise<CommandReply> {
      return this.answer(name, payload, context);
    };
    Object.defineProperty(CommandsController.prototype, name, { value: handler, writable: true, configurable: true });
    const descriptor = Object.getOwnPropertyDescriptor(CommandsController.prototype, name)!;
    Payload()(CommandsController.prototype, name, 0);
    Ctx()(CommandsController.prototype, name, 1);
    MessagePattern(subjectOf(name))(CommandsController.prototype, name, descriptor);
  }
  return CommandsController;
}
