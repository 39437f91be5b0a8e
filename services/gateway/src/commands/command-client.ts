import { randomUUID } from 'node:crypto';
import { ErrorCode as NatsErrorCode, NatsConnection, NatsError } from 'nats';
import type { Accepted, CommandName, CommandReply, CommandRequest } from '@tenantry/tenant-domain';
import { EdgeError, isErrorCode, ServiceUnavailable } from '../errors';
import type { NatsNames } from '@tenantry/messaging';

export interface CommandClient {
  /** Sends the command and returns tenant-command's acceptance, or throws its typed error. */
  send(name: CommandName, request: CommandRequest): Promise<Accepted>;
}

export interface CommandClientOptions {
  names: NatsNames;
  timeoutMs?: number;
}

/** Nest's NATS transport wraps replies so: `response` on success, `err` when the handler threw. */
interface NestReplyPacket {
  id?: string;
  response?: CommandReply;
  err?: unknown;
  isDisposed?: boolean;
}

export const COMMANDS_UNAVAILABLE = 'Tenant commands are unavailable right now; try again shortly';

/**
 * Request-reply to tenant-command in Nest's NATS wire format (`{ pattern, data, id }`).
 * Rejections come back as plain `{ code, message, fields }` and are raised as
 * EdgeErrors with the same code; a missing or silent service is SERVICE_UNAVAILABLE.
 */
export function createCommandClient(nats: NatsConnection, options: CommandClientOptions): CommandClient {
  const timeout = options.timeoutMs ?? 10_000;
  return {
    async send(name, request) {
      const subject = options.names.commandSubject(name);
      const packet = { pattern: subject, data: request, id: randomUUID() };
      let raw: Uint8Array;
      try {
        raw = (await nats.request(subject, JSON.stringify(packet), { timeout })).data;
      } catch (error) {
        if (isUnavailable(error)) throw new ServiceUnavailable(COMMANDS_UNAVAILABLE, { cause: error });
        throw error;
      }
      const reply = JSON.parse(new TextDecoder().decode(raw)) as NestReplyPacket;
      if (reply.err !== undefined && reply.err !== null) {
        throw new Error(`tenant-command failed on ${name}: ${JSON.stringify(reply.err)}`);
      }
      const outcome = reply.response;
      if (!outcome || typeof outcome !== 'object') throw new Error(`tenant-command sent no reply body for ${name}`);
      if (outcome.ok) return outcome.accepted;
      const { code, message, fields } = outcome.error;
      // INTERNAL (or a code we do not know) stays masked at the edge.
      throw new EdgeError(isErrorCode(code) ? code : 'INTERNAL', message, fields);
    },
  };
}

const isUnavailable = (error: unknown): boolean =>
  error instanceof NatsError &&
  [NatsErrorCode.NoResponders, NatsErrorCode.Timeout, NatsErrorCode.ConnectionClosed, NatsErrorCode.Disconnect].includes(error.code as NatsErrorCode);
