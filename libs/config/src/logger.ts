import pino from 'pino';

/** JSON logs; fields that could carry secrets are censored wherever they appear. */
export const createLogger = (service: string, level = 'info') =>
  pino({
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
  });
export type Logger = ReturnType<typeof createLogger>;
