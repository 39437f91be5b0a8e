import { DynamicModule, Module } from '@nestjs/common';
import { CommandName } from '@tenantry/tenant-domain';
import { CommandIdempotency, CommandObservers, commandHandlers } from './application/command-handlers';
import { TenantCommands } from './application/tenant-commands';
import { COMMAND_HANDLERS, commandsController } from './commands.controller';

@Module({})
export class TenantCommandModule {
  static register(
    commands: TenantCommands,
    subjectOf: (name: CommandName) => string,
    observe: CommandObservers,
    idempotency: CommandIdempotency,
  ): DynamicModule {
    return {
      module: TenantCommandModule,
      controllers: [commandsController(subjectOf)],
      providers: [{ provide: COMMAND_HANDLERS, useValue: commandHandlers(commands, observe, idempotency) }],
    };
  }
}
