import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { redactCredentials } from '@tenantry/config';
import { COMMAND_NAMES, CommandName, CommandReply, CommandRequest } from '@tenantry/tenant-domain';
import { TenantCommands } from './application/tenant-commands';
import { toReply } from './application/to-reply';

export const TENANT_COMMANDS = Symbol('TenantCommands');

/**
 * One NATS request-reply handler per command. Subjects carry the installation's
 * prefix, known only at start, so the controller class is made per subject set.
 */
export function commandsController(subjectOf: (name: CommandName) => string) {
  @Controller()
  class CommandsController {
    readonly logger = new Logger('Commands');
    constructor(@Inject(TENANT_COMMANDS) readonly commands: TenantCommands) {}
  }
  for (const name of COMMAND_NAMES) {
    const handler = async function (this: CommandsController, payload: unknown): Promise<CommandReply> {
      return toReply(
        async () => this.commands.execute(name, CommandRequest.parse(payload)),
        (error) => this.logger.error(`${name} failed: ${redactCredentials(error instanceof Error ? error.message : String(error))}`),
      );
    };
    Object.defineProperty(CommandsController.prototype, name, { value: handler, writable: true, configurable: true });
    const descriptor = Object.getOwnPropertyDescriptor(CommandsController.prototype, name)!;
    Payload()(CommandsController.prototype, name, 0);
    MessagePattern(subjectOf(name))(CommandsController.prototype, name, descriptor);
  }
  return CommandsController;
}
