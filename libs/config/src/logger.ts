import pino from 'pino';

/**
 * JSON logs; fields that could carry secrets are censored wherever they appear. Lines are
 * written asynchronously (those logged while a write is in flight go out together, and
 * what is pending is flushed when the process exits), not one blocking write per line.
 */
export const createLogger = (service: string, level = 'info') =>
  pino(
    {
      name: service,
      level,
      redact: {
        paths: [
          'password',
          'adminPassword',
          'connectionString',
          '*.password',
          '*.adminPassword',
          '*.connectionString',
          '*.adminPasswordHash',
          'authorization',
          '*.authorization',
          'pass',
          '*.pass',
          'NATS_PASSWORD',
          '*.NATS_PASSWORD',
        ],
        censor: '***',
      },
    },
    pino.destination({ dest: 1, sync: false }),
  );
export type Logger = ReturnType<typeof createLogger>;
