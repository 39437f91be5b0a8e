import type { PrincipalKey } from '@tenantry/auth';
import type { Pool } from 'pg';

/** What a user chose about their notifications. */
export interface NotificationPreferences {
  /** Root administrators only: their MINE feed carries every tenant notification (as ALL). */
  receiveAll: boolean;
  /** A terminal notification that finds no open socket of the user goes out by email. */
  emailFallback: boolean;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = { receiveAll: false, emailFallback: true };

/** Keyed by principal key (`<tenantId>/<userId>`). */
export interface PreferencesStore {
  get(principal: PrincipalKey): Promise<NotificationPreferences>;
  /** Changes only the fields given; returns the preferences as stored. */
  set(principal: PrincipalKey, change: Partial<NotificationPreferences>): Promise<NotificationPreferences>;
}

type Row = { receive_all: boolean; email_fallback: boolean };
const fromRow = (row: Row | undefined): NotificationPreferences =>
  row ? { receiveAll: row.receive_all, emailFallback: row.email_fallback } : { ...DEFAULT_PREFERENCES };

export function sqlPreferencesStore(pool: Pool): PreferencesStore {
  return {
    async get(principal) {
      const { rows } = await pool.query<Row>(
        'SELECT receive_all, email_fallback FROM gateway.notification_preferences WHERE principal = $1',
        [principal],
      );
      return fromRow(rows[0]);
    },
    async set(principal, change) {
      const { rows } = await pool.query<Row>(
        `INSERT INTO gateway.notification_preferences AS p (principal, receive_all, email_fallback)
         VALUES ($1, coalesce($2::boolean, $4::boolean), coalesce($3::boolean, $5::boolean))
         ON CONFLICT (principal) DO UPDATE SET
           receive_all = coalesce($2::boolean, p.receive_all), email_fallback = coalesce($3::boolean, p.email_fallback), updated_at = now()
         RETURNING receive_all, email_fallback`,
        [
          principal,
          change.receiveAll ?? null,
          change.emailFallback ?? null,
          DEFAULT_PREFERENCES.receiveAll,
          DEFAULT_PREFERENCES.emailFallback,
        ],
      );
      return fromRow(rows[0]);
    },
  };
}

/** For edge specs without a database. */
export function inMemoryPreferencesStore(): PreferencesStore {
  const stored = new Map<string, NotificationPreferences>();
  return {
    get: (principal) => Promise.resolve({ ...(stored.get(principal) ?? DEFAULT_PREFERENCES) }),
    set(principal, change) {
      const next = { ...(stored.get(principal) ?? DEFAULT_PREFERENCES) };
      if (change.receiveAll !== undefined) next.receiveAll = change.receiveAll;
      if (change.emailFallback !== undefined) next.emailFallback = change.emailFallback;
      stored.set(principal, next);
      return Promise.resolve({ ...next });
    },
  };
}
