import type { Accepted, CommandName, CommandRequest } from '@tenantry/tenant-domain';
import { CommandUnavailable, sendCommand, type NatsNames } from '@tenantry/messaging';
import type { NatsConnection } from 'nats';
import { EdgeError, isErrorCode, ServiceUnavailable } from '../errors';

export interface CommandClient {
  /** Sends the command and returns tenant-command's acceptance, or throws its typed error. */
  send(name: CommandName, request: CommandRequest): Promise<Accepted>;
}

export interface CommandClientOptions {
  names: NatsNames;
  timeoutMs?: number;
}

export const COMMANDS_UNAVAILABLE = 'Tenant commands are unavailable right now; try again shortly';

/**
 * The messaging library's request-reply to tenant-command (Nest's wire format; the
 * active trace and the correlation id travel as headers), mapped to the edge:
 * rejections become EdgeErrors with the same code, a missing or silent service
 * SERVICE_UNAVAILABLE, anything else INTERNAL (masked).
 */
export function createCommandClient(nats: NatsConnection, options: CommandClientOptions): CommandClient {
  return {
    async send(name, request) {
      let reply;
      try {
        reply = await sendCommand(nats, options.names, name, request, options.timeoutMs);
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
