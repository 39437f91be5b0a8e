/** An event with this id is already stored: ids are unique across the whole store. */
export class DuplicateEventId extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(
    readonly eventId: string,
    options?: { cause?: unknown },
  ) {
    super(`An event with id ${eventId} is already stored`, options);
    this.name = 'DuplicateEventId';
  }
}
