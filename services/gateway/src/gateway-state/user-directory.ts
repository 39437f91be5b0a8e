import type { PrincipalKey } from '@tenantry/auth';
import type { Pool } from 'pg';

/** A user as the email fallback addresses them: by principal key, so no tenant can overwrite another's. */
export interface DirectoryEntry {
  principal: PrincipalKey;
  email: string;
}

/**
 * Where to email a user. Filled from what the gateway already knows for sure: a
 * successful login, a created administrator, and the token (which carries the email)
 * of whoever sends a command, so every initiator of an operation is in it.
 */
export interface UserDirectory {
  remember(entry: DirectoryEntry): Promise<void>;
  emailOf(principal: PrincipalKey): Promise<string | undefined>;
}

/** Principals whose recorded email this process knows, at most; the least recently used is forgotten first. */
const KNOWN_AT_MOST = 10_000;

/**
 * Every command remembers its sender, so the same entry comes again and again: an entry
 * this process recorded is not sent again (even an upsert that changes nothing locks the
 * row and commits with a WAL flush). Another gateway's write is not seen here; the next
 * changed email, or this process's restart, records the token's email again.
 */
export function sqlUserDirectory(pool: Pool): UserDirectory {
  const recorded = new Map<PrincipalKey, string>();
  return {
    async remember({ principal, email }) {
      if (recorded.get(principal) === email) {
        recorded.delete(principal);
        recorded.set(principal, email);
        return;
      }
      await pool.query(
        `INSERT INTO gateway.user_directory (principal, email) VALUES ($1, $2)
         ON CONFLICT (principal) DO UPDATE SET email = excluded.email, updated_at = now()
         WHERE gateway.user_directory.email IS DISTINCT FROM excluded.email`,
        [principal, email],
      );
      recorded.delete(principal);
      recorded.set(principal, email);
      if (recorded.size > KNOWN_AT_MOST) recorded.delete(recorded.keys().next().value!);
    },
    async emailOf(principal) {
      const { rows } = await pool.query<{ email: string }>(
        'SELECT email FROM gateway.user_directory WHERE principal = $1',
        [principal],
      );
      return rows[0]?.email;
    },
  };
}

/** Nothing remembered, nobody found: edge specs and a gateway without the email fallback. */
export const noUserDirectory: UserDirectory = {
  remember: () => Promise.resolve(),
  emailOf: () => Promise.resolve(undefined),
};

/** Remembers in the background: a directory that fails never fails a login or a command (logged). */
export const rememberQuietly =
  (directory: UserDirectory, onError: (error: unknown) => void) =>
  (entry: DirectoryEntry): void => {
    directory.remember(entry).catch(onError);
  };
