import { principalKeyOf } from '@tenantry/auth';
import { Logger, redactCredentials } from '@tenantry/config';
import { SpanKind, inSpan } from '@tenantry/observability';
import { CommandName, CommandReply, CommandRequest } from '@tenantry/tenant-domain';
import type { TenantCommandMetrics } from '../metrics';
import { keyedRequest, requestHashOf } from '../idempotency';
import { TenantCommands } from './tenant-commands';
import { toReply } from './to-reply';

export interface CommandObservers {
  logger: Logger;
  metrics: Pick<TenantCommandMetrics, 'commandAnswered'>;
}

/** The secret that keys the hash of each keyed request and the ids of its events. */
export interface CommandIdempotency {
  hashSecret: string;
}

/** A header of the request as the transport carried it; undefined when absent or empty. */
export type RequestHeader = (name: string) => string | undefined;

/** Answers one command: the typed reply, never a throw for a domain error. */
export type CommandHandler = (payload: unknown, header: RequestHeader) => Promise<CommandReply>;
export type CommandHandlers = Record<CommandName, CommandHandler>;

/** The handler of each command name; the compiler checks that none is missing. */
export function commandHandlers(
  commands: TenantCommands,
  observers: CommandObservers,
  idempotency: CommandIdempotency,
): CommandHandlers {
  const answering =
    (name: CommandName): CommandHandler =>
    (payload, header) =>
      answer(commands, observers, idempotency, name, payload, header);
  return {
    createTenant: answering('createTenant'),
    updateTenant: answering('updateTenant'),
    retryTenantProvisioning: answering('retryTenantProvisioning'),
    cancelTenantOperation: answering('cancelTenantOperation'),
    deleteTenant: answering('deleteTenant'),
  };
}

async function answer(
  commands: TenantCommands,
  observers: CommandObservers,
  idempotency: CommandIdempotency,
  name: CommandName,
  payload: unknown,
  header: RequestHeader,
): Promise<CommandReply> {
  const request = CommandRequest.parse(payload);
  const correlationId = request.correlationId ?? header('x-correlation-id');
  const principal = principalKeyOf(request.actor);
  // The command's fields on each line, without a child logger per command (pino builds one's bindings eagerly).
  const about = { command: name, correlationId, actor: principal };
  const onUnexpected = (error: unknown) =>
    observers.logger.error(
      { ...about, error: redactCredentials(error instanceof Error ? error.message : String(error)) },
      'command failed unexpectedly',
    );
  const key = request.idempotencyKey;
  const keyed =
    key === undefined
      ? undefined
      : keyedRequest(idempotency.hashSecret, principal, key, requestHashOf(name, request, idempotency.hashSecret));
  const reply = await inSpan(
    `tenant-command ${name}`,
    { traceparent: header('traceparent') },
    () => toReply(() => commands.execute(name, { ...request, correlationId }, keyed), onUnexpected),
    SpanKind.SERVER,
  );
  const outcome = reply.ok ? 'accepted' : reply.error.code;
  observers.metrics.commandAnswered(name, outcome);
  observers.logger.info(
    { ...about, outcome, tenantId: reply.ok ? reply.accepted.tenantId : request.tenantId },
    'command answered',
  );
  return reply;
}
