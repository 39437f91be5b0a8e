import { Config, ConfigError, loadConfig } from './config';

export interface StoppableService {
  close(): Promise<void>;
}

/**
 * A service's entry point: load the configuration, start, stop gracefully on SIGTERM
 * or SIGINT. A bad configuration or a failed start exits 1 with one readable line.
 */
export function runService<S extends StoppableService>(
  name: string,
  start: (config: Config) => Promise<S>,
  onStarted: (service: S) => void = () => undefined,
): void {
  const started = (async () => start(loadConfig()))();
  started.then(
    (service) => {
      onStarted(service);
      const stop = () =>
        void service.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: unknown) => {
      const message =
        error instanceof ConfigError
          ? error.message
          : `${name} failed to start: ${error instanceof Error ? error.message : String(error)}`;
      process.stderr.write(`${message}\n`);
      process.exit(1);
    },
  );
}
