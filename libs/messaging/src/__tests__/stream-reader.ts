import { StoredEvent } from '@tenantry/event-store';
import { collect, Inbox } from '@tenantry/testing';
import { JetStreamClient, JetStreamManager } from 'nats';
import { storedEventCodec } from '../codec/event-codec';

export interface ReceivedEvent {
  event: StoredEvent;
  subject: string;
  msgId: string | undefined;
  headers: Record<string, string>;
  streamSequence: number;
}

/** Reads a stream from its first message with an ordered consumer, into an inbox. */
export async function readStreamFromStart(
  js: JetStreamClient,
  stream: string,
): Promise<{ inbox: Inbox<ReceivedEvent>; stop(): Promise<void> }> {
  const inbox = collect<ReceivedEvent>();
  const consumer = await js.consumers.get(stream);
  const messages = await consumer.consume();
  const done = (async () => {
    for await (const message of messages) {
      const headers: Record<string, string> = {};
      for (const [key, values] of message.headers ?? []) headers[key] = values[0] ?? '';
      inbox.push({
        event: storedEventCodec.decode(message.data),
        subject: message.subject,
        msgId: message.headers?.get('Nats-Msg-Id'),
        headers,
        streamSequence: message.seq,
      });
    }
  })();
  return {
    inbox,
    async stop() {
      await messages.close();
      await done;
    },
  };
}

export const storedMessageCount = async (jsm: JetStreamManager, stream: string): Promise<number> =>
  (await jsm.streams.info(stream)).state.messages;
