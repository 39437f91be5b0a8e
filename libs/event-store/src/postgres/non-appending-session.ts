/**
 * What ends the `application_name` of a PostgreSQL session that never appends events
 * (e.g. the read models' projector). Readers of the global log must wait for every
 * running transaction that could still commit events behind their position; a
 * transaction of such a session cannot, so they do not wait for it. A session named so
 * must never append: its events could then be skipped by a reader.
 */
export const NON_APPENDING_MARK = ' [never appends events]';

/** The `application_name` of a session that never appends events (see NON_APPENDING_MARK). */
export const nonAppendingSessionName = (name: string): string => `${name}${NON_APPENDING_MARK}`;
