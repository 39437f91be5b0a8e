/** A message payload that is not the JSON shape its subject promises. */
export class InvalidMessage extends Error {
  readonly code = 'INVALID_MESSAGE';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`Invalid message: ${reason}`, options);
    this.name = 'InvalidMessage';
  }
}
