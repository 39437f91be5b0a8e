import type { Logger } from '@tenantry/config';
import { COMMAND_NAMES, CommandName, CommandReply } from '@tenantry/tenant-domain';
import type { Msg, NatsConnection, Subscription } from 'nats';
import type { CommandHandlers, RequestHeader } from './application/command-handlers';

export interface CommandServerOptions {
  subjectOf: (name: CommandName) => string;
  /** Queue group: each command goes to one of the running instances. */
  queue: string;
  /** How long `close()` waits for the commands in hand to be answered. */
  gracePeriodMs: number;
  logger: Logger;
}

export interface CommandServer {
  /** Stops taking commands (the queue group's other members get the next ones), then answers those in hand. */
  close(): Promise<void>;
}

/** The wire format of the NestJS NATS transport, which the gateway's command client speaks. */
interface CommandPacket {
  id?: unknown;
  data?: unknown;
}

/** What a handler's unexpected throw answers: the client makes it INTERNAL, and nothing more is said. */
const OPAQUE_ERROR = { status: 'error', message: 'Internal server error' };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Answers commands over NATS request-reply: one subscription per command subject in a
 * queue group, each message passed to its handler and the reply sent back, in the
 * wire format of Nest's NATS transport (`{pattern, data, id}` → `{id, response,
 * isDisposed}`, or `err` when a handler throws). It replaced that transport, whose
 * per-message work (a failed JSON.parse of the subject, an rxjs pipeline, a tick) cost
 * more than the handler's own.
 */
export function serveCommands(
  nats: NatsConnection,
  handlers: CommandHandlers,
  options: CommandServerOptions,
): CommandServer {
  const inHand = new Set<Promise<void>>();
  const answer = async (name: CommandName, msg: Msg): Promise<void> => {
    let packet: CommandPacket;
    try {
      packet = JSON.parse(decoder.decode(msg.data)) as CommandPacket;
    } catch {
      options.logger.warn({ command: name }, 'a command message that is not JSON was ignored');
      return;
    }
    const header: RequestHeader = (key) => msg.headers?.get(key) || undefined;
    let reply: { response: CommandReply } | { err: typeof OPAQUE_ERROR };
    try {
      reply = { response: await handlers[name](packet.data, header) };
    } catch {
      reply = { err: OPAQUE_ERROR };
    }
    if (msg.reply) msg.respond(encoder.encode(JSON.stringify({ id: packet.id, ...reply, isDisposed: true })));
  };
  const subscriptions: Subscription[] = COMMAND_NAMES.map((name) =>
    nats.subscribe(options.subjectOf(name), {
      queue: options.queue,
      callback: (error, msg) => {
        if (error) return void options.logger.error({ err: error, command: name }, 'command subscription failed');
        const answering = answer(name, msg).catch((failure: unknown) =>
          options.logger.error({ err: failure, command: name }, 'a command could not be answered'),
        );
        inHand.add(answering);
        void answering.finally(() => inHand.delete(answering));
      },
    }),
  );
  return {
    async close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.gracePeriodMs)));
      await Promise.race([Promise.allSettled([...inHand]), grace]);
      clearTimeout(timer);
    },
  };
}
