/** pino-compatible: `logger.info({ fields }, 'message')`; the gateway passes its pino logger. */
export interface ReadModelLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: ReadModelLogger = { info() {}, warn() {}, error() {} };
