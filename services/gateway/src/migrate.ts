import { loadConfig } from '@tenantry/config';
import { migrateCommand } from '@tenantry/postgres';
import { gatewayMigrations } from './control-plane-schema';

/** `node services/gateway/dist/migrate.js`: the gateway's control-plane migrations (its image's migrate step). */
if (require.main === module)
  void (async () =>
    migrateCommand(loadConfig().DATABASE_URL, gatewayMigrations, undefined, process.argv.slice(2)))().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
