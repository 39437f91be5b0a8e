import { randomUUID } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';
import { headers, type NatsConnection } from 'nats';
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
  // The active trace (if any) and the correlation id travel as headers.
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (request.correlationId) carrier['x-correlation-id'] = request.correlationId;
  const requestHeaders = headers();
  for (const [key, value] of Object.entries(carrier)) requestHeaders.set(key, value);
  let raw: Uint8Array;
  try {
    raw = (await nats.request(subject, new TextEncoder().encode(body), { timeout: timeoutMs, headers: requestHeaders }))
      .data;
  } catch (error) {
    throw new CommandUnavailable(name, { cause: error });
  }
  const packet = JSON.parse(new TextDecoder().decode(raw)) as { response?: CommandReply; err?: unknown };
  if (packet.err !== undefined && packet.err !== null) {
    return { ok: false, error: { code: 'INTERNAL', message: 'The command could not be processed; try again later' } };
  }
  return packet.response!;
}
