import { loadConfig } from '@tenantry/config';
import { eventStoreMigrationsOf } from '@tenantry/event-store';
import { migrateCommand } from '@tenantry/postgres';

/** `node services/provisioner/dist/migrate.js`: the provisioner's control-plane migrations (the event store's). */
if (require.main === module)
  void (async () => {
    const config = loadConfig();
    return migrateCommand(
      config.DATABASE_URL,
      eventStoreMigrationsOf(config.EVENT_STORE),
      undefined,
      process.argv.slice(2),
    );
  })().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
