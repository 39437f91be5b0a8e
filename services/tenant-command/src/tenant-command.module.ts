import { DynamicModule, Module } from '@nestjs/common';
import { CommandName } from '@tenantry/tenant-domain';
import { TenantCommands } from './application/tenant-commands';
import { COMMAND_OBSERVERS, CommandObservers, TENANT_COMMANDS, commandsController } from './commands.controller';

@Module({})
export class TenantCommandModule {
  static register(commands: TenantCommands, subjectOf: (name: CommandName) => string, observe: CommandObservers): DynamicModule {
    return {
      module: TenantCommandModule,
      controllers: [commandsController(subjectOf)],
      providers: [{ provide: TENANT_COMMANDS, useValue: commands }, { provide: COMMAND_OBSERVERS, useValue: observe }],
    };
  }
}
