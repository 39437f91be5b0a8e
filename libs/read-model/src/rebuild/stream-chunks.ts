import type { NatsNames } from '@tenantry/messaging';
import type { JsMsg, NatsConnection } from 'nats';

export interface StreamChunkOptions {
  /** Last stream sequence to read: the stream's last sequence when the reading started. */
  until: number;
  /** Messages per chunk at most. */
  chunkSize: number;
}

/** Messages in the first chunk at most; each next chunk doubles, up to `chunkSize`. */
const FIRST_CHUNK = 1_000;

/**
 * Reads the tenant events stream from its start up to `until`, in chunks, with an
 * ordered consumer: no durable state, no acknowledgement, the server pushes as fast as
 * the client takes. Messages keep arriving while the caller works on a chunk.
 */
export async function* streamChunks(
  nats: NatsConnection,
  names: NatsNames,
  options: StreamChunkOptions,
): AsyncGenerator<JsMsg[]> {
  const consumer = await nats.jetstream().consumers.get(names.stream, { filterSubjects: names.allEvents });
  // Four chunks in flight: the server keeps sending while a chunk is folded (20,000 read twice as fast as 10,000).
  const messages = await consumer.consume({ max_messages: Math.min(Math.max(options.chunkSize * 4, 1_000), 20_000) });
  try {
    // The first chunks are smaller, so that writing starts while the code is still warming up.
    let size = Math.min(options.chunkSize, FIRST_CHUNK);
    let chunk: JsMsg[] = [];
    for await (const message of messages) {
      chunk.push(message);
      // Nothing pending: messages up to `until` were deleted since (limits, purge).
      const last = message.seq >= options.until || message.info.pending === 0;
      if (last || chunk.length >= size) {
        yield chunk;
        chunk = [];
        size = Math.min(size * 2, options.chunkSize);
      }
      if (last) return;
    }
    throw new Error(`the tenant events stream ended before sequence ${options.until}`);
  } finally {
    // stop(), not close(): close() may wait for a pull that the server never ends.
    messages.stop();
  }
}
