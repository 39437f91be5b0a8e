/**
 * A failure as users read it: what went wrong and what to do. For a failure to connect,
 * only what failed (unreachable, refused credentials, no such database) and its code:
 * the server's own text is not echoed, since an EXTERNAL database is anyone's server and
 * its banner or error text is theirs to choose. Any other failure keeps the driver's text
 * (a failing migration names its file and the database's message) so operators can search
 * for it; credentials are removed by the caller.
 */
export function explainFailure(error: unknown): string {
  const message = error instanceof Error ? error.message || error.constructor.name : String(error);
  const code = (error as { code?: string })?.code;
  const connecting = code === undefined ? undefined : CONNECTION_FAILURES.find(([codes]) => matches(codes, code));
  if (connecting) return `${connecting[1]} (${code}). ${connecting[2]}`;
  const detail = code && !message.includes(code) ? `${message} (${code})` : message;
  const advice = ADVICE.find(([codes]) => code !== undefined && matches(codes, code))?.[1];
  return advice ? `${detail}. ${advice}` : detail;
}

/** A code, or a SQLSTATE class written as `08*`. */
const matches = (codes: string[], code: string) =>
  codes.some((c) => (c.endsWith('*') ? code.startsWith(c.slice(0, -1)) : c === code));

/** Failures to connect: codes, what failed, what to do. */
const CONNECTION_FAILURES: [string[], string, string][] = [
  [
    ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNRESET', '08*'],
    'The database server could not be reached',
    'Check its host and port and that it accepts connections, then retry.',
  ],
  [
    ['28P01', '28000'],
    'The database refused the credentials',
    'Check the user and password of the connection string, then retry.',
  ],
  [['3D000'], 'The database does not exist', 'Create it (or fix its name in the connection string), then retry.'],
];

const ADVICE: [string[], string][] = [
  [
    ['42501'],
    'The database user lacks a permission Tenantry needs (create schema, create tables): grant it, then retry.',
  ],
];
