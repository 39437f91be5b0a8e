import pino from 'pino';

/** Lines are held until this many bytes are pending, or `LOG_FLUSH_MS` has passed. */
const LOG_BUFFER_BYTES = 4096;
const LOG_FLUSH_MS = 100;

let stdout: ReturnType<typeof pino.destination> | undefined;

/**
 * The process's one buffered standard output, shared by every logger so that lines keep their
 * order. Writes are synchronous, so none is ever in flight: the exit hook flushes what is
 * pending, in order. (An asynchronous destination's exit flush wrote the pending lines while
 * an earlier write could still be on its way, and reordered them on a saturated machine.)
 */
function bufferedStdout() {
  if (stdout) return stdout;
  const destination = pino.destination({
    dest: 1,
    sync: true,
    minLength: LOG_BUFFER_BYTES,
    periodicFlush: LOG_FLUSH_MS,
  });
  process.once('exit', () => destination.flushSync());
  return (stdout = destination);
}

/**
 * JSON logs; fields that could carry secrets are censored wherever they appear. Lines are
 * written together: a write when 4 KiB are pending or every 100 ms, whichever comes first, and
 * what is pending is flushed when the process exits. A line per command or job was a write of
 * its own (~5% of a busy service's time went to them).
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
    bufferedStdout(),
  );
export type Logger = ReturnType<typeof createLogger>;
