import { loadConfig } from '@tenantry/config';
import { runMigrateCommand } from '@tenantry/postgres';
import { tenantCommandMigrations } from './control-plane-schema';

/** `node services/tenant-command/dist/migrate.js [--dry-run]`: tenant-command's control-plane migrations (its image's migrate step). */
if (require.main === module)
  void runMigrateCommand(() => {
    const config = loadConfig();
    return { databaseUrl: config.DATABASE_URL, sets: tenantCommandMigrations(config.EVENT_STORE) };
  });
