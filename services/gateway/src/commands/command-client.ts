import { randomUUID } from 'node:crypto';
import type { Accepted, CommandName, CommandRequest } from '@tenantry/tenant-domain';
import { CommandUnavailable, sendCommand, type NatsNames } from '@tenantry/messaging';
import type { NatsConnection } from 'nats';
import { EdgeError, isErrorCode, ServiceUnavailable } from '../errors';
import { retryingUnavailable, RetryPolicy } from './retry-unavailable';

export interface CommandClient {
  /** Sends the command and returns tenant-command's acceptance, or throws its typed error. */
  send(name: CommandName, request: CommandRequest): Promise<Accepted>;
}

export interface CommandClientOptions {
  names: NatsNames;
  /** How long one attempt waits for its reply. */
  timeoutMs?: number;
  /** How long and how often a command without an answer is sent again (same key). */
  retry?: Partial<RetryPolicy>;
}

export const COMMANDS_UNAVAILABLE = 'Tenant commands are unavailable right now; try again shortly';

/**
 * The messaging library's request-reply to tenant-command (Nest's wire format; the
 * active trace and the correlation id travel as headers), mapped to the edge:
 * rejections become EdgeErrors with the same code, a missing or silent service
 * SERVICE_UNAVAILABLE, anything else INTERNAL (masked).
 *
 * Every command carries an idempotency key (the client's, or one made here), so a
 * command that found no responder or timed out is sent again with the same key until
 * the retry budget runs out: a restart of tenant-command is not seen by the client,
 * and a command that was acted on but not answered is answered, not acted on twice.
 */
export function createCommandClient(nats: NatsConnection, options: CommandClientOptions): CommandClient {
  return {
    async send(name, request) {
      const keyed = { ...request, idempotencyKey: request.idempotencyKey ?? randomUUID() };
      let reply;
      try {
        reply = await retryingUnavailable(
          (timeoutMs) => sendCommand(nats, options.names, name, keyed, timeoutMs),
          (error) => error instanceof CommandUnavailable,
          { timeoutMs: options.timeoutMs ?? 5_000, ...options.retry },
        );
      } catch (error) {
        if (error instanceof CommandUnavailable) throw new ServiceUnavailable(COMMANDS_UNAVAILABLE, { cause: error });
        throw error;
      }
      if (!reply || typeof reply !== 'object') throw new Error(`tenant-command sent no reply body for ${name}`);
      if (reply.ok) return reply.accepted;
      const { code, message, fields } = reply.error;
      throw new EdgeError(isErrorCode(code) ? code : 'INTERNAL', message, fields);
    },
  };
}
