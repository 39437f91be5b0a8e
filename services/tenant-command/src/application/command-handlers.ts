import { principalKeyOf } from '@tenantry/auth';
import { Logger, redactCredentials } from '@tenantry/config';
import { SpanKind, inSpan } from '@tenantry/observability';
import { CommandName, CommandReply, CommandRequest } from '@tenantry/tenant-domain';
import type { TenantCommandMetrics } from '../metrics';
import { TenantCommands } from './tenant-commands';
import { toReply } from './to-reply';

export interface CommandObservers {
  logger: Logger;
  metrics: Pick<TenantCommandMetrics, 'commandAnswered'>;
}

/** A header of the request as the transport carried it; undefined when absent or empty. */
export type RequestHeader = (name: string) => string | undefined;

/** Answers one command: the typed reply, never a throw for a domain error. */
export type CommandHandler = (payload: unknown, header: RequestHeader) => Promise<CommandReply>;
export type CommandHandlers = Record<CommandName, CommandHandler>;

/** The handler of each command name; the compiler checks that none is missing. */
export function commandHandlers(commands: TenantCommands, observers: CommandObservers): CommandHandlers {
  const answering = (name: CommandName): CommandHandler => (payload, header) => answer(commands, observers, name, payload, header);
  return {
    createTenant: answering('createTenant'),
    updateTenant: answering('updateTenant'),
    retryTenantProvisioning: answering('retryTenantProvisioning'),
    cancelTenantOperation: answering('cancelTenantOperation'),
    deleteTenant: answering('deleteTenant'),
  };
}

async function answer(
  commands: TenantCommands, observers: CommandObservers, name: CommandName, payload: unknown, header: RequestHeader,
): Promise<CommandReply> {
  const request = CommandRequest.parse(payload);
  const correlationId = request.correlationId ?? header('x-correlation-id');
  const log = observers.logger.child({ command: name, correlationId, actor: principalKeyOf(request.actor) });
  const reply = await inSpan(`tenant-command ${name}`, { traceparent: header('traceparent') }, () => toReply(
    () => commands.execute(name, { ...request, correlationId }),
    (error) => log.error({ error: redactCredentials(error instanceof Error ? error.message : String(error)) }, 'command failed unexpectedly'),
  ), SpanKind.SERVER);
  const outcome = reply.ok ? 'accepted' : reply.error.code;
  observers.metrics.commandAnswered(name, outcome);
  log.info({ outcome, tenantId: reply.ok ? reply.accepted.tenantId : request.tenantId }, 'command answered');
  return reply;
}
