import { ConfigError, createLogger, loadConfig } from '@tenantry/config';
import { startGateway } from './start-gateway';

/** `node services/gateway/dist/main.js`: the gateway alone, configured by the environment. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const gateway = await startGateway(config, { logger });
  process.stdout.write(`Gateway ready at ${gateway.url} (WebSocket: ${gateway.url.replace(/^http/, 'ws')})\n`);
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'gateway stopping');
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const message = error instanceof ConfigError ? error.message : `gateway failed to start: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}
