import { DynamicModule, Module } from '@nestjs/common';
import { CommandName } from '@tenantry/tenant-domain';
import { TenantCommands } from './application/tenant-commands';
import { TENANT_COMMANDS, commandsController } from './commands.controller';

@Module({})
export class TenantCommandModule {
  static register(commands: TenantCommands, subjectOf: (name: CommandName) => string): DynamicModule {
    return {
      module: TenantCommandModule,
      controllers: [commandsController(subjectOf)],
      providers: [{ provide: TENANT_COMMANDS, useValue: commands }],
    };
  }
}
