/**
 * PostgreSQL refusing work for a while (too many connections, shutting down, starting up)
 * or out of reach: the client should try again, so it is SERVICE_UNAVAILABLE, not a bug.
 * SQLSTATE classes 08 (connection exception) and 53 (insufficient resources), and
 * 57P01–57P03 (shutdown, cannot connect now); node-postgres's pool time-out and refused
 * or reset sockets.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^(08|53)[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code)) return true;
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET') return true;
  }
  return /timeout exceeded when trying to connect|Connection terminated (unexpectedly|due to connection timeout)/.test(
    error.message,
  );
}

export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is busy or out of reach: try again in a few seconds.';
