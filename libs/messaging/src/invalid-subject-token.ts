/** A value that cannot be one token of a NATS subject or name. */
export class InvalidSubjectToken extends Error {
  readonly code = 'INVALID_SUBJECT_TOKEN';
  constructor(
    readonly kind: string,
    readonly value: string,
    readonly rule: string,
  ) {
    super(`Invalid ${kind} ${JSON.stringify(value)}: ${rule}`);
    this.name = 'InvalidSubjectToken';
  }
}
