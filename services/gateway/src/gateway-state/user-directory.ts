import type { Pool } from 'pg';

/** A user as the email fallback addresses them. */
export interface DirectoryEntry {
  userId: string;
  tenantId: string;
  email: string;
}

/**
 * Where to email a user. Filled from what the gateway already knows for sure: a
 * successful login, a created administrator, and the token (which carries the email)
 * of whoever sends a command, so every initiator of an operation is in it.
 */
export interface UserDirectory {
  remember(entry: DirectoryEntry): Promise<void>;
  emailOf(userId: string): Promise<string | undefined>;
}

export function sqlUserDirectory(pool: Pool): UserDirectory {
  return {
    async remember({ userId, tenantId, email }) {
      await pool.query(
        `INSERT INTO gateway.user_directory (user_id, tenant_id, email) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET tenant_id = excluded.tenant_id, email = excluded.email, updated_at = now()
         WHERE (gateway.user_directory.tenant_id, gateway.user_directory.email) IS DISTINCT FROM (excluded.tenant_id, excluded.email)`,
        [userId, tenantId, email],
      );
    },
    async emailOf(userId) {
      const { rows } = await pool.query<{ email: string }>('SELECT email FROM gateway.user_directory WHERE user_id = $1', [userId]);
      return rows[0]?.email;
    },
  };
}

/** Nothing remembered, nobody found: edge specs and a gateway without the email fallback. */
export const noUserDirectory: UserDirectory = { remember: async () => undefined, emailOf: async () => undefined };

/** Remembers in the background: a directory that fails never fails a login or a command (logged). */
export const rememberQuietly = (directory: UserDirectory, onError: (error: unknown) => void) => (entry: DirectoryEntry): void => {
  directory.remember(entry).catch(onError);
};
