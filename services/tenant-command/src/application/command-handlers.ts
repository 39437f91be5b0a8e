import { principalKeyOf } from '@tenantry/auth';
import { Logger, redactCredentials } from '@tenantry/config';
import { SpanKind, inSpan } from '@tenantry/observability';
import { CommandName, CommandReply, CommandRequest } from '@tenantry/tenant-domain';
import type { TenantCommandMetrics } from '../metrics';
import { actOnce, IdempotencyRecords, requestHashOf } from '../idempotency';
import { TenantCommands } from './tenant-commands';
import { INTERNAL_REPLY, toReply } from './to-reply';

export interface CommandObservers {
  logger: Logger;
  metrics: Pick<TenantCommandMetrics, 'commandAnswered'>;
}

/** Where idempotency keys are remembered, and the secret that keys the hash of each request. */
export interface CommandIdempotency {
  records: IdempotencyRecords;
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
  const failure = (error: unknown) => ({
    ...about,
    error: redactCredentials(error instanceof Error ? error.message : String(error)),
  });
  const onUnexpected = (error: unknown) => observers.logger.error(failure(error), 'command failed unexpectedly');
  const act = () => toReply(() => commands.execute(name, { ...request, correlationId }), onUnexpected);
  const key = request.idempotencyKey;
  const reply = await inSpan(
    `tenant-command ${name}`,
    { traceparent: header('traceparent') },
    () =>
      key === undefined
        ? act()
        : // The keys' own store failing is unexpected too: INTERNAL, and the client may retry.
          actOnce(idempotency.records, { principal, key }, requestHashOf(name, request, idempotency.hashSecret), act, {
            onRecordFailed: (error) =>
              observers.logger.error(failure(error), 'the reply of an idempotency key could not be recorded'),
          }).catch((error: unknown) => {
            onUnexpected(error);
            return INTERNAL_REPLY;
          }),
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
