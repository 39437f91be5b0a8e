import { Accepted, CommandReply, isDomainError } from '@tenantry/tenant-domain';

export const INTERNAL_REPLY: CommandReply = {
  ok: false,
  error: { code: 'INTERNAL', message: 'The command could not be processed; try again later' },
};

/** The typed NATS reply: accepted, a domain error with its code, or an opaque INTERNAL. */
export async function toReply(
  work: () => Promise<Accepted>,
  onUnexpected: (error: unknown) => void,
): Promise<CommandReply> {
  try {
    return { ok: true, accepted: await work() };
  } catch (error) {
    if (isDomainError(error))
      return { ok: false, error: { code: error.code, message: error.message, fields: error.fields } };
    onUnexpected(error);
    return INTERNAL_REPLY;
  }
}
