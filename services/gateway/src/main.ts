import { createLogger, runService } from '@tenantry/config';
import { startGateway } from './start-gateway';

/** `node services/gateway/dist/main.js`: the gateway alone, configured by the environment. */
if (require.main === module) {
  runService(
    'gateway',
    (config) => startGateway(config, { logger: createLogger('gateway', config.LOG_LEVEL) }),
    (gateway) =>
      process.stdout.write(`Gateway ready at ${gateway.url} (WebSocket: ${gateway.url.replace(/^http/, 'ws')})\n`),
  );
}
