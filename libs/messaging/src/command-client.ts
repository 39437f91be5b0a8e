import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import type { CommandName, CommandReply, CommandRequest } from '@tenantry/tenant-domain';
import type { NatsNames } from './nats-names';

export class CommandUnavailable extends Error {
  override name = 'CommandUnavailable';
  constructor(command: string, options?: { cause?: unknown }) {
    super(`tenant-command did not answer ${command}: is it running?`, options);
  }
}

/**
 * Sends a command to tenant-command over NATS request-reply, in the wire format of
 * Nest's NATS transport (`{pattern, data, id}` → `{id, response, err}`), and returns
 * its typed reply. No responder or a timeout is CommandUnavailable.
 */
export async function sendCommand(
  nats: NatsConnection,
  names: NatsNames,
  name: CommandName,
  request: CommandRequest,
  timeoutMs = 10_000,
): Promise<CommandReply> {
  const subject = names.commandSubject(name);
  const body = JSON.stringify({ pattern: subject, data: request, id: randomUUID() });
  let raw: Uint8Array;
  try {
    raw = (await nats.request(subject, new TextEncoder().encode(body), { timeout: timeoutMs })).data;
  } catch (error) {
    throw new CommandUnavailable(name, { cause: error });
  }
  const packet = JSON.parse(new TextDecoder().decode(raw)) as { response?: CommandReply; err?: unknown };
  if (packet.err !== undefined && packet.err !== null) {
    return { ok: false, error: { code: 'INTERNAL', message: 'The command could not be processed; try again later' } };
  }
  return packet.response!;
}
