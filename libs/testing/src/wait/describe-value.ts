import { inspect } from 'node:util';

/** A short, readable rendering of a value for failure messages. */
export const describeValue = (value: unknown): string =>
  inspect(value, { depth: 4, breakLength: 120, maxArrayLength: 20, maxStringLength: 500 });
