import type { SqlClient } from '@tenantry/postgres';
import { NOTIFICATIONS } from './notifications';

/**
 * How far a new projector moves the cursors on: far beyond the ids a crashed server can
 * have handed out and lost (its batches commit without waiting for the WAL flush, so
 * the last fraction of a second of them, sequence increments included, may be lost).
 */
export const CURSOR_LEAP = 1_000_000;

/**
 * Moves the notifications' id sequence `CURSOR_LEAP` past both its own position and the
 * highest stored id, with a durable commit, before a projector's first batch. A cursor
 * announced live from a batch that a server crash then lost is thus never given to
 * another notification: what is projected again gets higher ids, and a feed resumed
 * after the lost cursor misses nothing (it may see the re-projected notification again).
 */
export async function leapNotificationCursors(db: SqlClient): Promise<void> {
  await db.query(
    `SELECT setval(seq, GREATEST(nextval(seq), coalesce((SELECT max("id") FROM ${NOTIFICATIONS.sqlName}), 0)) + $1)
     FROM pg_get_serial_sequence($2, 'id') AS seq`,
    [CURSOR_LEAP, NOTIFICATIONS.sqlName],
  );
}
