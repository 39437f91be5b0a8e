import type { Pool } from 'pg';

/** What a user chose about their notifications. */
export interface NotificationPreferences {
  /** Root administrators only: their MINE feed carries every tenant notification (as ALL). */
  receiveAll: boolean;
  /** A terminal notification that finds no open socket of the user goes out by email. */
  emailFallback: boolean;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = { receiveAll: false, emailFallback: true };

export interface PreferencesStore {
  get(userId: string): Promise<NotificationPreferences>;
  /** Changes only the fields given; returns the preferences as stored. */
  set(userId: string, change: Partial<NotificationPreferences>): Promise<NotificationPreferences>;
}

type Row = { receive_all: boolean; email_fallback: boolean };
const fromRow = (row: Row | undefined): NotificationPreferences =>
  row ? { receiveAll: row.receive_all, emailFallback: row.email_fallback } : { ...DEFAULT_PREFERENCES };

export function sqlPreferencesStore(pool: Pool): PreferencesStore {
  return {
    async get(userId) {
      const { rows } = await pool.query<Row>('SELECT receive_all, email_fallback FROM gateway.notification_preferences WHERE user_id = $1', [userId]);
      return fromRow(rows[0]);
    },
    async set(userId, change) {
      const { rows } = await pool.query<Row>(
        `INSERT INTO gateway.notification_preferences AS p (user_id, receive_all, email_fallback)
         VALUES ($1, coalesce($2::boolean, $4::boolean), coalesce($3::boolean, $5::boolean))
         ON CONFLICT (user_id) DO UPDATE SET
           receive_all = coalesce($2::boolean, p.receive_all), email_fallback = coalesce($3::boolean, p.email_fallback), updated_at = now()
         RETURNING receive_all, email_fallback`,
        [userId, change.receiveAll ?? null, change.emailFallback ?? null, DEFAULT_PREFERENCES.receiveAll, DEFAULT_PREFERENCES.emailFallback],
      );
      return fromRow(rows[0]);
    },
  };
}

/** For edge specs without a database. */
export function inMemoryPreferencesStore(): PreferencesStore {
  const stored = new Map<string, NotificationPreferences>();
  return {
    get: async (userId) => ({ ...(stored.get(userId) ?? DEFAULT_PREFERENCES) }),
    async set(userId, change) {
      const next = { ...(stored.get(userId) ?? DEFAULT_PREFERENCES) };
      if (change.receiveAll !== undefined) next.receiveAll = change.receiveAll;
      if (change.emailFallback !== undefined) next.emailFallback = change.emailFallback;
      stored.set(userId, next);
      return { ...next };
    },
  };
}
