import type { JetStreamManager, JsMsg } from 'nats';

/** A stream message as the projector applies it: delivered by its consumer, or read back from the stream. */
export type SequencedMessage = Pick<JsMsg, 'seq' | 'data' | 'subject'>;

/** Where the projector reads back what its consumer did not deliver. */
export interface StreamReader {
  /** The stream's first sequence: what lies before it was removed by the stream's limits. */
  firstSequence(): Promise<number>;
  /** The message at `seq`, or undefined where the stream has none (deleted). */
  message(seq: number): Promise<SequencedMessage | undefined>;
}

export interface GapFreeBatch {
  /** Every message after the checkpoint up to the batch's last, in stream order, each once. */
  messages: SequencedMessage[];
  /** How many of them were read back from the stream. */
  readBack: number;
}

/**
 * The batch in stream order from `checkpoint + 1`, with what the consumer skipped read back
 * from the stream. The consumer acknowledges all: acknowledging a batch's last message
 * acknowledges every earlier one, delivered or not. A delivery lost on its way (the node
 * leading the consumer killed while it was sending) would be acknowledged that way and never
 * projected; so a batch starting past `checkpoint + 1`, or with a hole, is completed first.
 * What is already applied (a redelivery) is left out.
 */
export async function closeDeliveryGaps(
  batch: readonly SequencedMessage[],
  checkpoint: number,
  stream: StreamReader,
): Promise<GapFreeBatch> {
  const messages: SequencedMessage[] = [];
  let readBack = 0;
  let next = checkpoint + 1;
  let first: number | undefined;
  for (const message of [...batch].sort((a, b) => a.seq - b.seq)) {
    if (message.seq < next) continue;
    if (message.seq > next) {
      first ??= await stream.firstSequence();
      for (let seq = Math.max(next, first); seq < message.seq; seq++) {
        const missing = await stream.message(seq);
        if (!missing) continue;
        messages.push(missing);
        readBack++;
      }
    }
    messages.push(message);
    next = message.seq + 1;
  }
  return { messages, readBack };
}

/** Reads the tenant events stream by sequence through the JetStream API. */
export function jetStreamReader(jsm: JetStreamManager, stream: string): StreamReader {
  return {
    async firstSequence() {
      return (await jsm.streams.info(stream)).state.first_seq;
    },
    async message(seq) {
      try {
        return await jsm.streams.getMessage(stream, { seq });
      } catch (error) {
        // Only a sequence the stream lacks; a missing stream or an unreachable leader fails the batch.
        if (isNoMessage(error)) return undefined;
        throw error;
      }
    },
  };
}

/** JetStream API "no message found" (10037). */
const isNoMessage = (error: unknown): boolean =>
  (error as { api_error?: { err_code?: number } })?.api_error?.err_code === 10037 ||
  /no message found/i.test(String((error as Error)?.message));
