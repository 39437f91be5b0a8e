/**
 * A failure as users read it: what went wrong and what to do. The driver's own text
 * is kept so operators can search for it; credentials are removed by the caller.
 */
export function explainFailure(error: unknown): string {
  const message = error instanceof Error ? error.message || error.constructor.name : String(error);
  const code = (error as { code?: string })?.code;
  const detail = code && !message.includes(code) ? `${message} (${code})` : message;
  const advice = ADVICE.find(([codes]) => code !== undefined && codes.includes(code))?.[1];
  return advice ? `${detail}. ${advice}` : detail;
}

const ADVICE: [string[], string][] = [
  [['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND'],
    'The database server could not be reached: check its host and port and that it accepts connections, then retry.'],
  [['28P01', '28000'], 'The database refused the credentials: check the user and password of the connection string, then retry.'],
  [['3D000'], 'The database does not exist: create it (or fix its name in the connection string), then retry.'],
  [['42501'], 'The database user lacks a permission Tenantry needs (create schema, create tables): grant it, then retry.'],
];
