import type { z } from 'zod';
import { InvalidMessage } from './invalid-message';

export interface Codec<T> {
  encode(value: T): Uint8Array;
  decode(data: Uint8Array): T;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * JSON over UTF-8. With a schema, `decode` validates (and transforms) through it and
 * throws `InvalidMessage` when the payload does not fit.
 */
export function jsonCodec<T>(schema?: z.ZodType<T, unknown>): Codec<T> {
  return {
    encode: (value) => encoder.encode(JSON.stringify(value)),
    decode(data) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(decoder.decode(data));
      } catch (error) {
        throw new InvalidMessage('not JSON', { cause: error });
      }
      if (!schema) return parsed as T;
      const result = schema.safeParse(parsed);
      if (!result.success) throw new InvalidMessage(result.error.message, { cause: result.error });
      return result.data;
    },
  };
}
