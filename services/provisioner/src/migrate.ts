import { loadConfig } from '@tenantry/config';
import { eventStoreMigrationsOf } from '@tenantry/event-store';
import { runMigrateCommand } from '@tenantry/postgres';

/** `node services/provisioner/dist/migrate.js [--dry-run]`: the provisioner's control-plane migrations (the event store's). */
if (require.main === module)
  void runMigrateCommand(() => {
    const config = loadConfig();
    return { databaseUrl: config.DATABASE_URL, sets: eventStoreMigrationsOf(config.EVENT_STORE) };
  });
